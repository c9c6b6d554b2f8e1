package org.custos.access;

/** The answer of {@link AccessRules} for one interaction on one resource type. */
public sealed interface Access {

    /** Allowed on every resource of the type that the caller's roles and tenant allow. */
    record Unconfined() implements Access {
    }

    /** Allowed only inside this patient's compartment (a patient-context token). */
    record ConfinedTo(String patientId) implements Access {
    }

    /** Not allowed; the reason names scopes and types only, never data. */
    record Refused(String reason) implements Access {
    }
}
