package org.custos.consent;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * One access a consent decides on: whose data, which resource, who asks in which capacity, to do what, for what.
 *
 * @param patientId      the patient whose data it is
 * @param resourceType   the resource's type (a provision's {@code class})
 * @param resource       {@code Type/id} of the resource (a provision's {@code data} instance), if one
 * @param securityLabels the resource's security labels, each as {@code system|code}
 * @param actors         references to who asks: {@code Practitioner/…}, {@code Organization/…}, {@code CareTeam/…}
 * @param roles          the caller's roles (matched against a provision actor's role code)
 * @param action         {@code access}, {@code disclose} or {@code correct} (HL7 consentaction)
 * @param purpose        the purpose of use (HL7 v3 ActReason), if declared or defaulted
 * @param at             when
 */
public record AccessContext(String patientId, String resourceType, Optional<String> resource,
                            Set<String> securityLabels, Set<String> actors, Set<String> roles, String action,
                            Optional<String> purpose, Instant at) {

    public AccessContext {
        securityLabels = Set.copyOf(securityLabels);
        actors = Set.copyOf(actors);
        roles = Set.copyOf(roles);
    }
}
