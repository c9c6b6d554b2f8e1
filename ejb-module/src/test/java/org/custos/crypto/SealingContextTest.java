package org.custos.crypto;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

class SealingContextTest {

    @Test
    void fieldsCannotBeShiftedIntoEachOther() {
        byte[] one = new SealingContext("ab", "c", "col", "row").associatedData();
        byte[] other = new SealingContext("a", "bc", "col", "row").associatedData();
        assertFalse(Arrays.equals(one, other));
    }
}
