package org.custos.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class RouteTemplatesTest {

    @Test
    void idsBecomePlaceholdersAndTheRouteStays() {
        assertEquals("/fhir/Patient/{id}/_history/{id}", RouteTemplates.of("/fhir/Patient/8f3c-41/_history/2"));
        assertEquals("/fhir/Patient/{id}/$everything", RouteTemplates.of("/fhir/Patient/Example/$everything"));
        assertEquals("/fhir/Observation", RouteTemplates.of("/fhir/Observation"));
        assertEquals("/api/admin/users/{id}/disable", RouteTemplates.of("/api/admin/users/jdoe/disable"));
        assertEquals("/api/admin/users/{id}/sessions/{id}", RouteTemplates.of("/api/admin/users/jdoe/sessions/x-1"));
        assertEquals("/fhir/{id}", RouteTemplates.of("/fhir/Smith"), "not a resource type: an id");
        assertEquals("/", RouteTemplates.of("/"));
    }
}
