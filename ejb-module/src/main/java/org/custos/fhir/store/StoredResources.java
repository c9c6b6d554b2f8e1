package org.custos.fhir.store;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.persistence.EntityManager;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import org.custos.tenancy.TenantColumn;
import org.eclipse.persistence.config.HintValues;
import org.eclipse.persistence.config.QueryHints;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.InstantType;

/** Turns stored versions back into resources: parsed JSON with id and version, or a tombstone for a delete. */
final class StoredResources {

    private final EntityManager em;
    private final FhirContext fhirContext;
    private String tenant;

    StoredResources(EntityManager em, FhirContext fhirContext) {
        this.em = em;
        this.fhirContext = fhirContext;
    }

    /** The current versions of these resources, in the order of the keys given; one query for all. */
    List<IBaseResource> current(List<Long> primaryKeys) {
        if (primaryKeys.isEmpty()) {
            return List.of();
        }
        Map<Long, IBaseResource> byKey = new HashMap<>();
        em.createQuery("SELECT v FROM ResourceVersion v JOIN FETCH v.resource r WHERE r.pk IN :keys"
                        + " AND v.versionId = r.versionId", ResourceVersion.class)
                .setParameter("keys", primaryKeys)
                .setHint(QueryHints.READ_ONLY, HintValues.TRUE)
                .getResultList()
                .forEach(version -> byKey.put(version.resource().primaryKey(), parse(version.resource(), version)));
        return primaryKeys.stream().map(byKey::get).filter(resource -> resource != null).toList();
    }

    IBaseResource parse(ResourceRecord record, ResourceVersion version) {
        IBaseResource resource = fhirContext.newJsonParser().parseResource(version.json(tenant()));
        resource.setId(id(record, version.versionId()));
        return resource;
    }

    /** A history entry: the version's content, or for a delete an empty resource marked as deleted. */
    IBaseResource historyEntry(ResourceVersion version) {
        ResourceRecord record = version.resource();
        if (!version.isDeleted()) {
            return parse(record, version);
        }
        IBaseResource tombstone = fhirContext.getResourceDefinition(record.resourceType()).newInstance();
        tombstone.setId(id(record, version.versionId()));
        tombstone.getMeta().setVersionId(Long.toString(version.versionId()));
        tombstone.getMeta().setLastUpdated(Date.from(version.lastUpdated()));
        ResourceMetadataKeyEnum.DELETED_AT.put(tombstone, new InstantType(Date.from(version.lastUpdated())));
        ResourceMetadataKeyEnum.ENTRY_TRANSACTION_METHOD.put(tombstone, BundleEntryTransactionMethodEnum.DELETE);
        return tombstone;
    }

    /** The tenant the versions are read for: the one their sealed JSON must be bound to. */
    private String tenant() {
        if (tenant == null) {
            tenant = TenantColumn.currentTenant(em);
        }
        return tenant;
    }

    IIdType id(ResourceRecord record, long versionId) {
        return fhirContext.getVersion().newIdType()
                .setParts(null, record.resourceType(), record.resourceId(), Long.toString(versionId));
    }
}
