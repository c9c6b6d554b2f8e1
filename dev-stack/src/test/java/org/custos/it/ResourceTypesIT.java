package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every R4 resource type is stored, versioned and searchable the same way, with history at three levels. */
@ExtendWith(RunningStack.class)
class ResourceTypesIT {

    private final IGenericClient fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));

    private static List<IBaseResource> spreadOfTypes() {
        Observation observation = new Observation();
        observation.setStatus(Observation.ObservationStatus.FINAL);
        observation.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding("http://loinc.org", "8867-4", "Heart rate")));
        observation.setValue(new Quantity().setValue(72).setUnit("/min"));
        Condition condition = new Condition();
        condition.setCode(new CodeableConcept().addCoding(new org.hl7.fhir.r4.model.Coding("http://snomed.info/sct", "44054006", "Diabetes")));
        condition.setSubject(new Reference("Patient/example"));
        Encounter encounter = new Encounter();
        encounter.setStatus(Encounter.EncounterStatus.FINISHED);
        encounter.setClass_(new org.hl7.fhir.r4.model.Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", "ambulatory"));
        Practitioner practitioner = new Practitioner();
        practitioner.addName().setFamily("Osler").addGiven("William");
        Organization organization = new Organization();
        organization.setName("General Hospital Cardiology");
        return List.of(observation, condition, encounter, practitioner, organization);
    }

    @Test
    void aSpreadOfTypesIsCreatedReadUpdatedAndDeletedWithHistory() {
        for (IBaseResource resource : spreadOfTypes()) {
            String type = Fhir.context().getResourceType(resource);
            MethodOutcome created = fhir.create().resource(resource).execute();
            assertTrue(created.getCreated(), type);
            IIdType id = created.getId().toUnqualifiedVersionless();

            IBaseResource read = fhir.read().resource(type).withId(id.getIdPart()).execute();
            assertEquals("1", read.getMeta().getVersionId(), type);
            assertEquals(encoded(resource), encoded(withoutMeta(read)), type + " round-trips losslessly");

            read.setId(id);
            assertEquals("2", fhir.update().resource(read).execute().getId().getVersionIdPart(), type);
            fhir.delete().resourceById(id).execute();

            Bundle history = fhir.history().onInstance(id).returnBundle(Bundle.class).execute();
            assertEquals(3, history.getEntry().size(), type + ": create, update, delete");
            assertEquals(Bundle.HTTPVerb.DELETE, history.getEntry().get(0).getRequest().getMethod(), type);
            assertEquals("2", history.getEntry().get(1).getResource().getMeta().getVersionId(), type);
        }
    }

    @Test
    void historyIsPagedWithNextLinksAndATotal() {
        Practitioner practitioner = new Practitioner();
        practitioner.addName().setFamily("Pagedhistory");
        IIdType id = fhir.create().resource(practitioner).execute().getId().toUnqualifiedVersionless();
        for (int version = 2; version <= 5; version++) {
            practitioner.setId(id);
            practitioner.getNameFirstRep().setText("version " + version);
            fhir.update().resource(practitioner).execute();
        }
        Bundle page = fhir.history().onInstance(id).returnBundle(Bundle.class).count(2).execute();
        assertEquals(5, page.getTotal());
        java.util.Set<String> versions = new java.util.HashSet<>();
        page.getEntry().forEach(e -> versions.add(e.getResource().getMeta().getVersionId()));
        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = fhir.loadPage().next(page).execute();
            page.getEntry().forEach(e -> versions.add(e.getResource().getMeta().getVersionId()));
        }
        assertEquals(java.util.Set.of("1", "2", "3", "4", "5"), versions);
    }

    @Test
    void typeAndSystemHistoryListTheTenantsVersionsOnly() {
        Practitioner practitioner = new Practitioner();
        practitioner.addName().setFamily("Historyprobe");
        IIdType id = fhir.create().resource(practitioner).execute().getId().toUnqualifiedVersionless();

        Bundle typeHistory = fhir.history().onType(Practitioner.class).returnBundle(Bundle.class).execute();
        assertTrue(typeHistory.getEntry().stream().anyMatch(e -> isVersionOf(e, id)));
        assertTrue(typeHistory.getEntry().stream().allMatch(e -> e.getResource() == null
                || e.getResource() instanceof Practitioner));
        Bundle systemHistory = fhir.history().onServer().returnBundle(Bundle.class).execute();
        assertTrue(systemHistory.getEntry().stream().anyMatch(e -> isVersionOf(e, id)));

        Bundle otherTenant = Fhir.clientWithToken(Tokens.client("ehr-system-b")).history().onServer()
                .returnBundle(Bundle.class).execute();
        assertFalse(otherTenant.getEntry().stream().anyMatch(e -> isVersionOf(e, id)));
    }

    @Test
    void conditionalCreateReturnsTheExistingResourceInsteadOfADuplicate() {
        Organization organization = new Organization();
        organization.addIdentifier().setSystem("urn:oid:2.16.840.1.113883.4.7").setValue("ORG-CONDITIONAL-1");
        organization.setName("Conditional Clinic");
        String condition = "identifier=urn:oid:2.16.840.1.113883.4.7|ORG-CONDITIONAL-1";

        MethodOutcome first = fhir.create().resource(organization).conditionalByUrl("Organization?" + condition).execute();
        MethodOutcome second = fhir.create().resource(organization).conditionalByUrl("Organization?" + condition).execute();

        assertTrue(first.getCreated());
        assertFalse(Boolean.TRUE.equals(second.getCreated()));
        assertEquals(first.getId().getIdPart(), second.getId().getIdPart());
        assertEquals(1, Fhir.total("Organization?" + condition));
    }

    @Test
    void conditionalUpdateAndDeleteActOnTheOneMatch() {
        String condition = "Practitioner?identifier=urn:npi|NPI-COND-1";
        Practitioner practitioner = new Practitioner();
        practitioner.addIdentifier().setSystem("urn:npi").setValue("NPI-COND-1");
        practitioner.addName().setFamily("Firstname");

        MethodOutcome created = fhir.update().resource(practitioner).conditionalByUrl(condition).execute();
        assertTrue(created.getCreated(), "no match: created");
        practitioner.getNameFirstRep().setFamily("Secondname");
        MethodOutcome updated = fhir.update().resource(practitioner).conditionalByUrl(condition).execute();
        assertEquals(created.getId().getIdPart(), updated.getId().getIdPart(), "one match: updated in place");
        assertEquals("2", updated.getId().getVersionIdPart());

        fhir.delete().resourceConditionalByUrl(condition).execute();
        assertEquals(0, Fhir.total(condition));
    }

    @Test
    void ambiguousConditionalCreateIs412() {
        for (int i = 0; i < 2; i++) {
            Organization twin = new Organization();
            twin.setName("Twin Clinic Ambiguous");
            fhir.create().resource(twin).execute();
        }
        Organization third = new Organization();
        third.setName("Twin Clinic Ambiguous");
        HttpResponse<String> response = Fhir.postConditional("/fhir/Organization",
                Fhir.context().newJsonParser().encodeResourceToString(third),
                "Organization?name:exact=Twin Clinic Ambiguous", Tokens.client("ehr-system"));
        assertEquals(412, response.statusCode());
    }

    @Test
    void bodyOfAnotherTypeIs400AndNothingIsStored() {
        HttpResponse<String> response = Fhir.post("/fhir/Observation",
                "{\"resourceType\":\"Organization\",\"name\":\"Misfiled\"}", Tokens.client("ehr-system"));
        assertEquals(400, response.statusCode());
        assertEquals(0, Fhir.total("Organization?name:exact=Misfiled"));
    }

    private static boolean isVersionOf(Bundle.BundleEntryComponent entry, IIdType id) {
        return entry.getResource() != null && id.getIdPart().equals(entry.getResource().getIdElement().getIdPart());
    }

    private static IBaseResource withoutMeta(IBaseResource resource) {
        resource.setId((String) null);
        ((org.hl7.fhir.r4.model.Resource) resource).setMeta(null);
        return resource;
    }

    private static String encoded(IBaseResource resource) {
        return Fhir.context().newJsonParser().encodeResourceToString(resource);
    }
}
