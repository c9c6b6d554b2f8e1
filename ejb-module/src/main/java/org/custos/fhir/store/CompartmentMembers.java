package org.custos.fhir.store;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import jakarta.persistence.EntityManager;

import org.custos.fhir.search.CompartmentStatement;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Which resources belong to a patient's compartment — the patient and every resource that refers to it, as
 * {@code $everything} gathers it — for what a patient-context token may be shown. Asked of the database (the
 * search index knows every reference), in the caller's transaction and tenant.
 */
public final class CompartmentMembers {

    private final EntityManager em;
    private final String patientId;

    public CompartmentMembers(EntityManager em, String patientId) {
        this.em = em;
        this.patientId = patientId;
    }

    public boolean contains(String type, String id) {
        return !members(List.of(type + "/" + id)).isEmpty();
    }

    /** Whether the resource exists (deleted or not) but is not a member: another patient's. */
    public boolean existsOutside(String type, String id) {
        return !contains(type, id) && em.createQuery("SELECT COUNT(r) FROM ResourceRecord r WHERE r.resourceType = :type"
                + " AND r.resourceId = :id", Long.class).setParameter("type", type).setParameter("id", id)
                .getSingleResult() > 0;
    }

    /** The resources among these that are members, in the order given. */
    public List<IBaseResource> among(List<IBaseResource> resources) {
        if (resources.isEmpty()) {
            return resources;
        }
        Set<String> members = members(resources.stream().map(CompartmentMembers::typedId).distinct().toList());
        return resources.stream().filter(resource -> members.contains(typedId(resource))).toList();
    }

    /** A search or history page with only members: the matches (already confined by the query) and the includes. */
    public SearchResult confine(SearchResult result) {
        return new SearchResult(among(result.matches()), among(result.included()), result.total());
    }

    private Set<String> members(List<String> typedIds) {
        Set<String> members = new HashSet<>();
        // Chunks keep the statement's parameter count far below PostgreSQL's limit whatever the page size.
        for (int from = 0; from < typedIds.size(); from += 500) {
            CompartmentStatement.Members statement = CompartmentStatement.members(
                    typedIds.subList(from, Math.min(typedIds.size(), from + 500)), patientId,
                    TenantColumn.currentTenant(em));
            TenantNativeQuery.create(em, statement.sql(), statement.parameters()).getResultList()
                    .forEach(row -> members.add((String) row));
        }
        return members;
    }

    private static String typedId(IBaseResource resource) {
        return resource.getIdElement().getResourceType() + "/" + resource.getIdElement().getIdPart();
    }
}
