package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.rest.api.SearchStyleEnum;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Chains, reverse chains, includes, sorting, paging (stable while others write), POST _search and _summary. */
@ExtendWith(RunningStack.class)
class SearchResultShapingIT {

    private static final String FAMILY = "Shape" + UUID.randomUUID().toString().substring(0, 8);
    private static IGenericClient fhir;
    private static String organizationId;
    private static String practitionerId;
    private static String withObservationsId;

    @BeforeAll
    static void createKnownData() {
        fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        Organization organization = new Organization();
        organization.setName(FAMILY + " Cardiology");
        organizationId = create(organization);
        Practitioner practitioner = new Practitioner();
        practitioner.addName().setFamily(FAMILY + "doc").addGiven("Gregory");
        practitionerId = create(practitioner);
        for (int year = 1950; year < 1955; year++) {
            Patient patient = new Patient();
            patient.addName().setFamily(FAMILY).addGiven("Given" + (char) ('E' - (year - 1950)));
            patient.setBirthDateElement(new DateType(year + "-06-01"));
            patient.setManagingOrganization(new Reference("Organization/" + organizationId));
            patient.addGeneralPractitioner(new Reference("Practitioner/" + practitionerId));
            String id = create(patient);
            if (year == 1950) {
                withObservationsId = id;
            }
        }
        for (int i = 0; i < 2; i++) {
            Observation observation = new Observation();
            observation.setStatus(Observation.ObservationStatus.FINAL);
            observation.getCode().addCoding().setSystem("http://loinc.org").setCode("8867-4");
            observation.setSubject(new Reference("Patient/" + withObservationsId));
            create(observation);
        }
    }

    private static String create(IBaseResource resource) {
        return fhir.create().resource(resource).execute().getId().getIdPart();
    }

    private static Bundle search(String url) {
        return fhir.search().byUrl(url).returnBundle(Bundle.class).execute();
    }

    private static List<String> ids(Bundle bundle, Bundle.SearchEntryMode mode) {
        return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == mode)
                .map(e -> e.getResource().getIdElement().getResourceType() + "/" + e.getResource().getIdElement().getIdPart())
                .toList();
    }

    @Test
    void chainedParametersSearchTheReferencedResources() {
        assertEquals(2, search("Observation?subject:Patient.family=" + FAMILY).getTotal());
        assertEquals(2, search("Observation?subject.family=" + FAMILY).getTotal());
        assertEquals(2, search("Observation?subject:Patient.organization.name=" + FAMILY).getTotal());
        assertEquals(5, search("Patient?general-practitioner.family=" + FAMILY + "doc").getTotal());
        assertEquals(0, search("Observation?subject:Patient.family=" + FAMILY + "nobody").getTotal());
    }

    @Test
    void reverseChainFindsPatientsThatObservationsPointAt() {
        Bundle found = search("Patient?family=" + FAMILY + "&_has:Observation:patient:code=8867-4");
        assertEquals(List.of("Patient/" + withObservationsId), ids(found, Bundle.SearchEntryMode.MATCH));
        assertEquals(0, search("Patient?family=" + FAMILY + "&_has:Observation:patient:code=0000-0").getTotal());
    }

    @Test
    void includeAddsReferencedResourcesAndIterateFollowsThem() {
        Bundle bundle = search("Observation?subject=Patient/" + withObservationsId
                + "&_include=Observation:subject&_include:iterate=Patient:general-practitioner");
        assertEquals(2, ids(bundle, Bundle.SearchEntryMode.MATCH).size());
        assertEquals(Set.of("Patient/" + withObservationsId, "Practitioner/" + practitionerId),
                Set.copyOf(ids(bundle, Bundle.SearchEntryMode.INCLUDE)));
        assertEquals(2, bundle.getTotal(), "included resources are not counted as matches");
    }

    @Test
    void revincludeAddsResourcesThatReferToTheMatches() {
        Bundle bundle = search("Patient?_id=" + withObservationsId + "&_revinclude=Observation:subject");
        assertEquals(List.of("Patient/" + withObservationsId), ids(bundle, Bundle.SearchEntryMode.MATCH));
        assertEquals(2, ids(bundle, Bundle.SearchEntryMode.INCLUDE).size());
    }

    /** On staff directory entries: patient names and birth dates are blind indexes, which cannot be sorted. */
    @Test
    void sortOrdersByOneOrMoreParametersAscendingAndDescending() {
        String family = FAMILY + "sort";
        for (String[] person : new String[][] {{"Bea", "female"}, {"Carl", "male"}, {"Ann", "female"}}) {
            Practitioner practitioner = new Practitioner();
            practitioner.addName().setFamily(family).addGiven(person[0]);
            practitioner.setGender(Enumerations.AdministrativeGender.fromCode(person[1]));
            create(practitioner);
        }
        assertEquals(List.of("Ann", "Bea", "Carl"), practitionerGivenNames(search("Practitioner?family=" + family
                + "&_sort=given")));
        assertEquals(List.of("Carl", "Bea", "Ann"), practitionerGivenNames(search("Practitioner?family=" + family
                + "&_sort=-given")));
        assertEquals(List.of("Bea", "Ann", "Carl"), practitionerGivenNames(search("Practitioner?family=" + family
                + "&_sort=gender,-given")));
    }

    private static List<String> practitionerGivenNames(Bundle bundle) {
        return bundle.getEntry().stream()
                .map(e -> ((Practitioner) e.getResource()).getNameFirstRep().getGivenAsSingleString()).toList();
    }

    @Test
    void pagesFollowNextAndPreviousLinksAndStayStableWhileOthersWrite() {
        String paged = "Paged" + FAMILY;
        for (int i = 0; i < 5; i++) {
            Patient patient = new Patient();
            patient.addName().setFamily(paged);
            create(patient);
        }
        Bundle page = search("Patient?family=" + paged + "&_count=2");
        assertEquals(5, page.getTotal());
        assertNull(page.getLink(Bundle.LINK_PREV));
        List<String> seen = new ArrayList<>(ids(page, Bundle.SearchEntryMode.MATCH));

        // Writes between pages: a new match is created and an already seen match is updated.
        Patient latecomer = new Patient();
        latecomer.addName().setFamily(paged);
        create(latecomer);
        Patient seenPatient = fhir.read().resource(Patient.class).withId(seen.get(0)).execute();
        seenPatient.setActive(true);
        fhir.update().resource(seenPatient).execute();

        while (page.getLink(Bundle.LINK_NEXT) != null) {
            page = fhir.loadPage().next(page).execute();
            assertNotNull(page.getLink(Bundle.LINK_PREV), "a later page links back");
            seen.addAll(ids(page, Bundle.SearchEntryMode.MATCH));
        }
        Set<String> distinct = new HashSet<>(seen);
        assertEquals(seen.size(), distinct.size(), "no resource on two pages");
        assertEquals(6, distinct.size(), "every match once, including the one created between pages");
    }

    @Test
    void postSearchFindsTheSameAsGet() {
        Bundle posted = fhir.search().forResource(Patient.class)
                .where(Patient.FAMILY.matchesExactly().value(FAMILY))
                .and(Patient.BIRTHDATE.before().day("1952-01-01"))
                .usingStyle(SearchStyleEnum.POST)
                .returnBundle(Bundle.class).execute();
        assertEquals(2, posted.getTotal());
    }

    @Test
    void summaryCountReturnsOnlyTheTotalAndElementsOnlyTheNamedElements() {
        Bundle counted = search("Patient?family=" + FAMILY + "&_summary=count");
        assertTrue(counted.getEntry().isEmpty());
        assertTrue(counted.getTotal() >= 5);
        Patient trimmed = (Patient) search("Patient?_id=" + withObservationsId + "&_elements=birthDate")
                .getEntryFirstRep().getResource();
        assertTrue(trimmed.hasBirthDate());
        assertFalse(trimmed.hasName());
    }
}
