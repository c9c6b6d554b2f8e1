package org.custos.audit;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ca.uhn.fhir.util.FhirTerser;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.StoredJson;
import org.hl7.fhir.instance.model.api.IBaseReference;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;

/**
 * Which patients a resource is about: the Patient itself, or every Patient it refers to. Ids only; a resource that
 * names no patient adds none.
 */
final class PatientsOf {

    private static final Pattern JSON_PATIENT_REFERENCE = Pattern.compile(
            "\"reference\"\\s*:\\s*\"(?:[^\"]*/)?Patient/([A-Za-z0-9\\-.]{1,64})");

    private PatientsOf() {
    }

    static void addFrom(IBaseResource resource, Set<String> patients) {
        IIdType id = resource.getIdElement();
        if (resource.getUserData(StoredJson.PARSED_FROM) instanceof String json) {
            // A stored resource (a search's match): scanning its text is several times cheaper than the walk below.
            patients.addAll(ofJson(id.getResourceType(), id.getIdPart(), json));
            return;
        }
        if ("Patient".equals(id.getResourceType()) && id.hasIdPart()) {
            patients.add(id.getIdPart());
        }
        FhirTerser terser = FhirContexts.r4().newTerser();
        for (IBaseReference reference : terser.getAllPopulatedChildElementsOfType(resource, IBaseReference.class)) {
            IIdType target = reference.getReferenceElement();
            if ("Patient".equals(target.getResourceType()) && target.hasIdPart()) {
                patients.add(target.getIdPart());
            }
        }
    }

    /** The same from stored JSON (the read path that skips parsing). */
    static Set<String> ofJson(String type, String id, String json) {
        Set<String> patients = new LinkedHashSet<>();
        if ("Patient".equals(type)) {
            patients.add(id);
        }
        Matcher reference = JSON_PATIENT_REFERENCE.matcher(json);
        while (reference.find()) {
            patients.add(reference.group(1));
        }
        return patients;
    }
}
