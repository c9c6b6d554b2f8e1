package org.custos.consent;

import java.util.Optional;

/**
 * A consent decision with its safe reason (ids and policy names, never data).
 *
 * @param consentId the consent that decided; empty when the tenant's default policy did
 */
public record ConsentDecision(boolean permitted, String reason, Optional<String> consentId) {

    static ConsentDecision byConsent(boolean permitted, String consentId) {
        return new ConsentDecision(permitted, (permitted ? "permitted" : "denied") + " by Consent/" + consentId,
                Optional.of(consentId));
    }

    static ConsentDecision byDefault(boolean permitted) {
        return new ConsentDecision(permitted, permitted ? "no consent on record; the tenant's default permits"
                : "no consent on record; the tenant's default (opt-in) denies", Optional.empty());
    }

    /** The decision when none could be made: deny. */
    static ConsentDecision failedClosed() {
        return new ConsentDecision(false, "consent could not be evaluated; denied", Optional.empty());
    }
}
