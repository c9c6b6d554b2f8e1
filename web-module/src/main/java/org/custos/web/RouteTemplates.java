package org.custos.web;

import java.util.Set;

import org.custos.fhir.store.FhirContexts;

/**
 * A request path as its route: {@code /fhir/Patient/8f3c…/_history/2} → {@code /fhir/Patient/{id}/_history/{id}},
 * {@code /api/admin/users/jdoe/disable} → {@code /api/admin/users/{id}/disable}. What is not a known word of the
 * routes — a resource type, an operation, a literal of the admin API — is an id, and ids never reach the log.
 */
final class RouteTemplates {

    private static final Set<String> RESOURCE_TYPES = FhirContexts.r4().getResourceTypes();
    private static final Set<String> WORDS = Set.of("fhir", "api", "admin", "me", "ping", "users", "roles",
            "sessions", "sign-in-status", "unlock", "disable", "enable", "reset-password", "sign-in-failures",
            "clients", "secret", "tenants", "crypto", "keys", "reload", "reencryption", "pause", "stop", "audit",
            "verify", "metadata", ".well-known", "smart-configuration", "auth", "backchannel-logout");

    private RouteTemplates() {
    }

    static String of(String path) {
        StringBuilder route = new StringBuilder();
        for (String segment : path.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            boolean word = WORDS.contains(segment) || segment.startsWith("$") || segment.startsWith("_")
                    || RESOURCE_TYPES.contains(segment);
            route.append('/').append(word ? segment : "{id}");
        }
        return route.isEmpty() ? "/" : route.toString();
    }
}
