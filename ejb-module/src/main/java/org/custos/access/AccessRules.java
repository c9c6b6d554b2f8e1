package org.custos.access;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.custos.identity.Caller;
import org.custos.identity.Roles;

/**
 * SMART scopes on top of roles. The container has already checked the role ({@code @RolesAllowed}); here a scope
 * must permit the interaction too, and it decides how far the permission reaches:
 * <ul>
 *   <li>{@code user/} scopes: what the signed-in user's roles allow in the tenant;</li>
 *   <li>{@code system/} scopes: the whole tenant, for backend services (the EHR-client role) only;</li>
 *   <li>{@code patient/} scopes: only the compartment of the patient in the token's context ({@code patient}
 *       claim); without one, nothing.</li>
 * </ul>
 * A caller whose only clinical role is {@code patient} reaches no further than their own record, whatever scope
 * the app asked for: for a patient, "what the user may see" is their own compartment.
 */
public final class AccessRules {

    /** Roles that reach beyond one's own record; a caller with none of these but {@code patient} is confined. */
    private static final Set<String> STAFF_AND_SYSTEM_ROLES = Set.of(Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT,
            Roles.ADMIN, Roles.AUDITOR, Roles.PRIVACY_OFFICER);

    private AccessRules() {
    }

    /** @param type a resource type, or {@link SmartScope#ALL_TYPES} for an interaction across every type */
    public static Access decide(Caller caller, Permission permission, String type) {
        List<SmartScope> permitting = caller.scopes().stream().map(SmartScope::parse).flatMap(Optional::stream)
                .filter(scope -> scope.permits(permission, type)).toList();
        if (permitting.isEmpty()) {
            return new Access.Refused("The token's scopes do not permit " + describe(permission, type));
        }
        boolean ownRecordOnly = caller.hasRole(Roles.PATIENT)
                && caller.roles().stream().noneMatch(STAFF_AND_SYSTEM_ROLES::contains);
        if (!ownRecordOnly && permitting.stream().anyMatch(scope -> reachesTenant(scope, caller))) {
            return new Access.Unconfined();
        }
        boolean patientScoped = ownRecordOnly
                || permitting.stream().anyMatch(scope -> scope.context() == SmartScope.Context.PATIENT);
        if (!patientScoped) {
            return new Access.Refused("system/ scopes are for backend services; the token's scopes do not permit "
                    + describe(permission, type));
        }
        return caller.patient().<Access>map(Access.ConfinedTo::new).orElseGet(() -> new Access.Refused(
                "The token's scopes are for one patient, but it names none (ask for launch/patient)"));
    }

    private static boolean reachesTenant(SmartScope scope, Caller caller) {
        return scope.context() == SmartScope.Context.USER
                || scope.context() == SmartScope.Context.SYSTEM && caller.hasRole(Roles.EHR_CLIENT);
    }

    private static String describe(Permission permission, String type) {
        return permission.name().toLowerCase(Locale.ROOT) + " on "
                + (SmartScope.ALL_TYPES.equals(type) ? "every resource type" : type);
    }
}
