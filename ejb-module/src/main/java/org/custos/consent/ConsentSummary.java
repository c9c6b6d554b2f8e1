package org.custos.consent;

import java.time.Instant;
import java.util.Date;
import java.util.Optional;

import org.hl7.fhir.r4.model.Consent;

/**
 * A patient's consent as the admin API lists it: what it is, whether it is in force, when it expires. Ids, codes and
 * dates only.
 *
 * @param decision  the root provision's type: {@code permit} or {@code deny}
 * @param expires   the end of the root provision's period, if it has one
 * @param inForce   active, and its period (if any) holds now
 */
public record ConsentSummary(String id, long version, String status, String scope, String decision,
                             Optional<Instant> starts, Optional<Instant> expires, boolean inForce,
                             Optional<Instant> lastUpdated) {

    static ConsentSummary of(Consent consent, Instant now) {
        Consent.ProvisionComponent root = consent.getProvision();
        Optional<Instant> starts = root.getPeriod().hasStart()
                ? Optional.of(root.getPeriod().getStart().toInstant()) : Optional.empty();
        Optional<Instant> expires = root.getPeriod().hasEnd()
                ? Optional.of(root.getPeriod().getEnd().toInstant()) : Optional.empty();
        boolean inForce = consent.getStatus() == Consent.ConsentState.ACTIVE
                && starts.map(start -> !now.isBefore(start)).orElse(true)
                && expires.map(end -> !now.isAfter(end)).orElse(true);
        return new ConsentSummary(consent.getIdElement().getIdPart(),
                consent.getMeta().hasVersionId() ? Long.parseLong(consent.getMeta().getVersionId()) : 0,
                consent.getStatus() == null ? "unknown" : consent.getStatus().toCode(),
                consent.getScope().getCodingFirstRep().getCode(),
                root.getType() == null ? "permit" : root.getType().toCode(), starts, expires, inForce,
                Optional.ofNullable(consent.getMeta().getLastUpdated()).map(Date::toInstant));
    }
}
