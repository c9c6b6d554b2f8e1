package org.custos.identity;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which purposes of use (HL7 v3 ActReason codes) each role may declare, and what is assumed when a request
 * declares none. A caller declares a purpose in the token (claim {@code purpose_of_use}, from a Keycloak client
 * scope) or per request ({@code X-Purpose-Of-Use}); one their roles may not claim is refused. The purpose is
 * recorded with every audit record, and consent decisions (issue 8) take it into account.
 */
public final class PurposesOfUse {

    public static final String CLAIM = "purpose_of_use";
    public static final String HEADER = "X-Purpose-Of-Use";
    /** Emergency treatment: what break-the-glass declares. */
    public static final String EMERGENCY = "ETREAT";

    /** Per role: the purposes it may declare, the first being its default. */
    private static final Map<String, List<String>> BY_ROLE = Map.of(
            Roles.CLINICIAN, List.of("TREAT", EMERGENCY, "CAREMGT", "HRESCH"),
            Roles.NURSE, List.of("TREAT", "CAREMGT"),
            Roles.EHR_CLIENT, List.of("TREAT", "CAREMGT", "HPAYMT", "HOPERAT", "PUBHLTH"),
            Roles.PATIENT, List.of("PATRQT"),
            Roles.AUDITOR, List.of("HOPERAT", "HLEGAL"),
            Roles.PRIVACY_OFFICER, List.of("HOPERAT", "HLEGAL"),
            Roles.ADMIN, List.of("HSYSADMIN", "HOPERAT"),
            Roles.PLATFORM_ADMIN, List.of("HSYSADMIN"));
    /** Roles in the order their default wins when a caller has several. */
    private static final List<String> PRECEDENCE = List.of(Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT,
            Roles.PATIENT, Roles.PRIVACY_OFFICER, Roles.AUDITOR, Roles.ADMIN, Roles.PLATFORM_ADMIN);

    private PurposesOfUse() {
    }

    /** Whether a caller with these roles may declare this purpose. */
    public static boolean mayDeclare(String purpose, Set<String> roles) {
        return PRECEDENCE.stream().filter(roles::contains).anyMatch(role -> BY_ROLE.get(role).contains(purpose));
    }

    /** What a request of these roles that declares nothing is taken to be for; empty for a caller without a role. */
    public static Optional<String> defaultFor(Set<String> roles) {
        return PRECEDENCE.stream().filter(roles::contains).findFirst().map(role -> BY_ROLE.get(role).get(0));
    }
}
