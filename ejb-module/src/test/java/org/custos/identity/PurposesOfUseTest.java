package org.custos.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

class PurposesOfUseTest {

    @Test
    void onlyAClinicianMayDeclareEmergencyTreatment() {
        assertTrue(PurposesOfUse.mayDeclare(PurposesOfUse.EMERGENCY, Set.of(Roles.CLINICIAN)));
        assertFalse(PurposesOfUse.mayDeclare(PurposesOfUse.EMERGENCY, Set.of(Roles.NURSE)));
        assertFalse(PurposesOfUse.mayDeclare(PurposesOfUse.EMERGENCY, Set.of(Roles.PATIENT, Roles.AUDITOR)));
    }

    @Test
    void aCallerMayDeclareWhatAnyOfTheirRolesMay() {
        assertTrue(PurposesOfUse.mayDeclare("HLEGAL", Set.of(Roles.NURSE, Roles.PRIVACY_OFFICER)));
        assertFalse(PurposesOfUse.mayDeclare("HLEGAL", Set.of(Roles.NURSE)));
        assertFalse(PurposesOfUse.mayDeclare("treat", Set.of(Roles.CLINICIAN)), "codes are exact");
        assertFalse(PurposesOfUse.mayDeclare("TREAT", Set.of()), "no role, no purpose");
    }

    @Test
    void theDefaultIsTheMostClinicalRolesFirstPurpose() {
        assertEquals(Optional.of("TREAT"), PurposesOfUse.defaultFor(Set.of(Roles.AUDITOR, Roles.CLINICIAN)));
        assertEquals(Optional.of("PATRQT"), PurposesOfUse.defaultFor(Set.of(Roles.PATIENT)));
        assertEquals(Optional.of("HOPERAT"), PurposesOfUse.defaultFor(Set.of(Roles.AUDITOR)));
        assertEquals(Optional.empty(), PurposesOfUse.defaultFor(Set.of("unrelated")));
    }
}
