package org.custos.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.Optional;
import java.util.Set;

import org.custos.identity.Caller;
import org.custos.identity.Roles;
import org.junit.jupiter.api.Test;

class AccessRulesTest {

    @Test
    void aScopeMustPermitTheInteractionOnTheType() {
        Caller clinician = caller(Set.of(Roles.CLINICIAN), "user/Observation.rs", null);
        assertInstanceOf(Access.Unconfined.class, decide(clinician, Permission.READ, "Observation"));
        assertInstanceOf(Access.Refused.class, decide(clinician, Permission.READ, "Patient"));
        assertInstanceOf(Access.Refused.class, decide(clinician, Permission.CREATE, "Observation"));
        assertInstanceOf(Access.Refused.class, decide(clinician, Permission.READ, SmartScope.ALL_TYPES));
    }

    @Test
    void aTokenWithoutSmartScopesMayDoNothing() {
        Caller noScopes = caller(Set.of(Roles.CLINICIAN), "openid profile", null);
        assertInstanceOf(Access.Refused.class, decide(noScopes, Permission.READ, "Patient"));
    }

    @Test
    void userScopesReachTheWholeTenantForStaff() {
        Caller nurse = caller(Set.of(Roles.NURSE), "user/*.read", null);
        assertInstanceOf(Access.Unconfined.class, decide(nurse, Permission.SEARCH, "Encounter"));
    }

    @Test
    void patientScopesConfineToThePatientInContext() {
        Caller app = caller(Set.of(Roles.CLINICIAN), "launch/patient patient/*.rs", "p-1");
        assertEquals(new Access.ConfinedTo("p-1"), decide(app, Permission.READ, "Observation"));
    }

    @Test
    void patientScopesWithoutAPatientInContextAreRefused() {
        Caller app = caller(Set.of(Roles.CLINICIAN), "patient/*.rs", null);
        assertInstanceOf(Access.Refused.class, decide(app, Permission.READ, "Observation"));
    }

    @Test
    void theBroadestPermittingScopeWins() {
        Caller both = caller(Set.of(Roles.CLINICIAN), "patient/*.rs user/Observation.rs", "p-1");
        assertInstanceOf(Access.Unconfined.class, decide(both, Permission.READ, "Observation"));
        assertEquals(new Access.ConfinedTo("p-1"), decide(both, Permission.READ, "Condition"));
    }

    @Test
    void aPatientIsConfinedToTheirOwnRecordEvenWithUserScopes() {
        Caller patient = caller(Set.of(Roles.PATIENT), "user/*.cruds", "p-9");
        assertEquals(new Access.ConfinedTo("p-9"), decide(patient, Permission.SEARCH, "Observation"));
        Caller withoutRecord = caller(Set.of(Roles.PATIENT), "user/*.cruds", null);
        assertInstanceOf(Access.Refused.class, decide(withoutRecord, Permission.READ, "Patient"));
    }

    @Test
    void systemScopesCountOnlyForBackendServices() {
        Caller ehr = caller(Set.of(Roles.EHR_CLIENT), "system/*.read", null);
        assertInstanceOf(Access.Unconfined.class, decide(ehr, Permission.SEARCH, "Patient"));
        Caller clinician = caller(Set.of(Roles.CLINICIAN), "system/*.read", null);
        assertInstanceOf(Access.Refused.class, decide(clinician, Permission.SEARCH, "Patient"));
    }

    private static Access decide(Caller caller, Permission permission, String type) {
        return AccessRules.decide(caller, permission, type);
    }

    private static Caller caller(Set<String> roles, String scope, String patient) {
        return new Caller("sub", "user", "client", Optional.of("t"), roles, Set.of(scope.split(" ")),
                Optional.ofNullable(patient), Optional.empty());
    }
}
