package org.custos.access;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One SMART on FHIR resource scope, v1 ({@code patient/*.read}, {@code user/Observation.write}, {@code system/*.*})
 * or v2 ({@code user/Observation.rs}, {@code patient/*.cruds}). v2 search-parameter restrictions
 * ({@code ?category=...}) are not supported: such a scope grants nothing rather than more than it says.
 *
 * @param context      whose data: the patient in context, what the user may see, or the whole tenant (backend)
 * @param resourceType a FHIR resource type, or {@code *} for every type
 * @param permissions  what the scope permits on that type
 */
public record SmartScope(Context context, String resourceType, Set<Permission> permissions) {

    /** The resource type that stands for "every type": a scope for it must be a wildcard scope. */
    public static final String ALL_TYPES = "*";

    private static final Pattern SYNTAX = Pattern.compile("(patient|user|system)/(\\*|[A-Z][A-Za-z]{1,63})\\.([a-z*]+)");

    public enum Context {
        PATIENT, USER, SYSTEM
    }

    public SmartScope {
        permissions = Set.copyOf(permissions);
    }

    /** @return the scope; empty when the text is not a resource scope (e.g. {@code openid}, {@code launch/patient}) */
    public static Optional<SmartScope> parse(String text) {
        Matcher matcher = SYNTAX.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        Set<Permission> permissions = Permission.ofSuffix(matcher.group(3));
        if (permissions.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SmartScope(Context.valueOf(matcher.group(1).toUpperCase(Locale.ROOT)),
                matcher.group(2), permissions));
    }

    /** Whether this scope permits the interaction on the type ({@link #ALL_TYPES}: on every type at once). */
    public boolean permits(Permission permission, String type) {
        return permissions.contains(permission) && (ALL_TYPES.equals(resourceType) || resourceType.equals(type));
    }
}
