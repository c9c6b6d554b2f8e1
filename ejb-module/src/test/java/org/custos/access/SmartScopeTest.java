package org.custos.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

class SmartScopeTest {

    @Test
    void v1ReadMeansReadAndSearchAndWriteMeansCreateUpdateDelete() {
        assertEquals(EnumSet.of(Permission.READ, Permission.SEARCH), parse("patient/*.read").permissions());
        assertEquals(EnumSet.of(Permission.CREATE, Permission.UPDATE, Permission.DELETE),
                parse("user/Observation.write").permissions());
        assertEquals(EnumSet.allOf(Permission.class), parse("system/*.*").permissions());
    }

    @Test
    void v2LettersGrantExactlyWhatTheyName() {
        assertEquals(EnumSet.of(Permission.READ, Permission.SEARCH), parse("user/Observation.rs").permissions());
        assertEquals(EnumSet.allOf(Permission.class), parse("system/*.cruds").permissions());
        assertEquals(EnumSet.of(Permission.CREATE, Permission.DELETE), parse("user/Patient.cd").permissions());
    }

    @Test
    void contextAndTypeAreRead() {
        SmartScope scope = parse("patient/Observation.rs");
        assertEquals(SmartScope.Context.PATIENT, scope.context());
        assertEquals("Observation", scope.resourceType());
        assertTrue(scope.permits(Permission.SEARCH, "Observation"));
        assertFalse(scope.permits(Permission.SEARCH, "Patient"));
        assertFalse(scope.permits(Permission.SEARCH, SmartScope.ALL_TYPES), "one type is not every type");
        assertTrue(parse("user/*.rs").permits(Permission.READ, SmartScope.ALL_TYPES));
    }

    @Test
    void anythingElseGrantsNothing() {
        for (String text : Set.of("openid", "launch/patient", "offline_access", "fhirUser", "user/*.sr",
                "user/*.rr", "user/*.x", "user/*.", "admin/*.read", "user/observation.read", "user/*.rs?category=x",
                "user/Observation.READ", "patient/*", "/*.read", "user/*.cruds ", "")) {
            assertTrue(SmartScope.parse(text).isEmpty(), text);
        }
    }

    private static SmartScope parse(String text) {
        return SmartScope.parse(text).orElseThrow();
    }
}
