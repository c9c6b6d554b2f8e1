package org.custos.audit;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.custos.fhir.export.ExportRequest;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.SearchResult;
import org.custos.fhir.store.StoredJson;
import org.custos.fhir.store.WriteResult;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * What one audited call was about — resource type, id, version, and the patients whose data it touched — read from
 * its arguments and, when it succeeded, from its result.
 */
final class AuditedCall {

    private String resourceType;
    private String resourceId;
    private Long resourceVersion;
    private final Set<String> patients = new LinkedHashSet<>();

    /**
     * @param target     for non-FHIR actions, what they act on
     * @param idArgument which argument is the target's id; -1 for none
     */
    AuditedCall(String target, int idArgument, Object[] arguments) {
        if (!target.isEmpty()) {
            resourceType = target;
            resourceId = idArgument >= 0 && idArgument < arguments.length
                    && arguments[idArgument] instanceof String name ? name : null;
            if ("Patient".equals(target) && resourceId != null) {
                patients.add(resourceId);
            }
            return;
        }
        List<String> strings = new ArrayList<>();
        for (Object argument : arguments) {
            if (argument instanceof String text) {
                strings.add(text);
            } else if (argument instanceof IBaseResource resource && resourceType == null) {
                resourceType = FhirContexts.r4().getResourceType(resource);
            } else if (argument instanceof SearchQuery query && resourceType == null) {
                resourceType = query.resourceType();
            } else if (argument instanceof ExportRequest request && resourceType == null) {
                resourceType = String.join(",", request.types());
            } else if (argument instanceof Long version) {
                resourceVersion = version;
            }
        }
        if (resourceType == null && !strings.isEmpty()) {
            resourceType = strings.get(0);
            resourceId = strings.size() > 1 ? strings.get(1) : null;
        }
    }

    /** Adds what the result tells: the resource written or read, and the patients in it. */
    void resultWas(Object result) {
        if (result instanceof AuditTarget target) {
            resourceId = target.auditId();
        } else if (result instanceof WriteResult written) {
            resource(written.resource());
        } else if (result instanceof IBaseResource resource) {
            resource(resource);
        } else if (result instanceof StoredJson json) {
            resourceType = json.resourceType();
            resourceId = json.id();
            resourceVersion = json.versionId();
            patients.addAll(PatientsOf.ofJson(json.resourceType(), json.id(), json.json()));
        } else if (result instanceof SearchResult page) {
            page.matches().forEach(match -> PatientsOf.addFrom(match, patients));
            page.included().forEach(included -> PatientsOf.addFrom(included, patients));
        }
    }

    private void resource(IBaseResource resource) {
        resourceType = FhirContexts.r4().getResourceType(resource);
        resourceId = resource.getIdElement().getIdPart();
        resourceVersion = resource.getIdElement().hasVersionIdPart()
                ? resource.getIdElement().getVersionIdPartAsLong() : resourceVersion;
        PatientsOf.addFrom(resource, patients);
    }

    String resourceType() {
        return resourceType;
    }

    String resourceId() {
        return resourceId;
    }

    Long resourceVersion() {
        return resourceVersion;
    }

    List<String> patients() {
        return List.copyOf(patients);
    }
}
