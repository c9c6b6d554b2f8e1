package org.custos.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The staff directory: practitioners by name and specialty (through PractitionerRole, with the practitioner
 * included), locations by city and distance, organizations by name, paged.
 */
@ExtendWith(RunningStack.class)
class DirectorySearchIT {

    private static final String TAXONOMY = "http://nucc.org/provider-taxonomy";
    private static final String CARDIOLOGY = "207RC0000X";
    private static final String CITY = "Dirtown" + UUID.randomUUID().toString().substring(0, 6);
    private static IGenericClient fhir;
    private static String cardiologistId;

    @BeforeAll
    static void createDirectory() {
        fhir = Fhir.clientWithToken(Tokens.client("ehr-system"));
        Organization hospital = new Organization();
        hospital.setName(CITY + " General Hospital");
        hospital.addAddress().setCity(CITY);
        String organizationId = create(hospital);
        for (int i = 0; i < 5; i++) {
            Organization clinic = new Organization();
            clinic.setName(CITY + " Clinic " + i);
            create(clinic);
        }
        Practitioner cardiologist = new Practitioner();
        cardiologist.addName().setFamily("Harvey" + CITY).addGiven("William");
        cardiologistId = create(cardiologist);
        PractitionerRole role = new PractitionerRole();
        role.setPractitioner(new Reference("Practitioner/" + cardiologistId));
        role.setOrganization(new Reference("Organization/" + organizationId));
        role.addSpecialty().addCoding().setSystem(TAXONOMY).setCode(CARDIOLOGY).setDisplay("Cardiovascular Disease");
        create(role);
        Location ward = new Location();
        ward.setName("Cardiology Ward");
        ward.getAddress().setCity(CITY);
        ward.setManagingOrganization(new Reference("Organization/" + organizationId));
        ward.getPosition().setLatitude(42.3601).setLongitude(-71.0589);
        create(ward);
    }

    private static String create(IBaseResource resource) {
        return fhir.create().resource(resource).execute().getId().getIdPart();
    }

    private static Bundle search(String url) {
        return fhir.search().byUrl(url).returnBundle(Bundle.class).execute();
    }

    @Test
    void practitionersAreFoundByNameAndBySpecialtyWithThePractitionerIncluded() {
        assertEquals(1, search("Practitioner?name=harvey" + CITY.toLowerCase()).getTotal());
        // Staff names are directory data, not PHI: substring search works on them.
        assertEquals(1, search("Practitioner?family:contains=rvey" + CITY.substring(0, 3)).getTotal());
        Bundle roles = search("PractitionerRole?specialty=" + TAXONOMY + "|" + CARDIOLOGY
                + "&organization.address-city=" + CITY + "&_include=PractitionerRole:practitioner");
        assertEquals(1, roles.getTotal());
        assertTrue(roles.getEntry().stream().anyMatch(entry -> entry.getSearch().getMode() == Bundle.SearchEntryMode.INCLUDE
                && entry.getResource().getIdElement().getIdPart().equals(cardiologistId)));
        assertEquals(1, search("PractitionerRole?specialty:text=cardiovascular&organization.address-city=" + CITY)
                .getTotal());
        assertEquals(1, search("Practitioner?_has:PractitionerRole:practitioner:specialty=" + CARDIOLOGY
                + "&name=harvey" + CITY.toLowerCase()).getTotal());
    }

    @Test
    void locationsAreFoundByCityAndDistance() {
        assertEquals(1, search("Location?address-city=" + CITY).getTotal());
        assertEquals(1, search("Location?address-city=" + CITY + "&near=42.36|-71.06|2|km").getTotal());
        assertEquals(0, search("Location?address-city=" + CITY + "&near=42.50|-71.06|2|km").getTotal());
    }

    @Test
    void organizationsArePagedByName() {
        Bundle page = search("Organization?name=" + CITY + "&_sort=name&_count=2");
        assertEquals(6, page.getTotal());
        List<String> names = new java.util.ArrayList<>();
        Set<String> ids = new HashSet<>();
        while (true) {
            page.getEntry().forEach(entry -> {
                names.add(((Organization) entry.getResource()).getName());
                ids.add(entry.getResource().getIdElement().getIdPart());
            });
            if (page.getLink(Bundle.LINK_NEXT) == null) {
                break;
            }
            page = fhir.loadPage().next(page).execute();
            assertNotNull(page.getLink(Bundle.LINK_PREV));
        }
        assertEquals(6, ids.size());
        assertEquals(names.stream().sorted(String.CASE_INSENSITIVE_ORDER).toList(), names, "sorted by name across pages");
    }
}
