package org.custos.fhir.store;

import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.model.api.ResourceMetadataKeyEnum;
import ca.uhn.fhir.model.valueset.BundleEntryTransactionMethodEnum;
import org.custos.tenancy.TenantColumn;
import org.eclipse.persistence.config.HintValues;
import org.eclipse.persistence.config.QueryHints;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.InstantType;

/**
 * Finds stored resources and their versions, and turns versions back into resources: parsed JSON with id and
 * version, or a tombstone for a delete.
 */
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
        Map<Long, IBaseResource> byKey = currentByKey(primaryKeys);
        return primaryKeys.stream().map(byKey::get).filter(resource -> resource != null).toList();
    }

    /** The current versions of these resources by key (deleted ones have none); one query for all. */
    Map<Long, IBaseResource> currentByKey(List<Long> primaryKeys) {
        Map<Long, IBaseResource> byKey = new HashMap<>();
        if (primaryKeys.isEmpty()) {
            return byKey;
        }
        em.createQuery("SELECT v FROM ResourceVersion v JOIN FETCH v.resource r WHERE r.pk IN :keys"
                        + " AND v.versionId = r.versionId", ResourceVersion.class)
                .setParameter("keys", primaryKeys)
                .setHint(QueryHints.READ_ONLY, HintValues.TRUE)
                .getResultList()
                .forEach(version -> byKey.put(version.resource().primaryKey(), parse(version.resource(), version)));
        return byKey;
    }

    /**
     * One version in one query (reads are the hottest path): the current one when {@code versionId} is empty; 404
     * when the resource or version is unknown, 410 when it is a delete.
     */
    ResourceVersion version(String type, String id, Optional<Long> versionId) {
        String versionExpression = versionId.map(Object::toString).orElse("r.versionId");
        ResourceVersion version = em.createQuery("SELECT v FROM ResourceVersion v JOIN FETCH v.resource r"
                        + " WHERE r.resourceType = :type AND r.resourceId = :id AND v.versionId = " + versionExpression,
                        ResourceVersion.class)
                .setParameter("type", type)
                .setParameter("id", id)
                .setHint(QueryHints.READ_ONLY, HintValues.TRUE)
                .getResultStream()
                .findFirst()
                .orElseThrow(() -> StoreException.notFound(type, id));
        if (version.isDeleted()) {
            throw StoreException.gone(type, id);
        }
        return version;
    }

    /** The resource record, locked as asked; empty when the tenant has none of this type and id. */
    Optional<ResourceRecord> record(String type, String id, LockModeType lock) {
        return em.createQuery("SELECT r FROM ResourceRecord r WHERE r.resourceType = :type AND r.resourceId = :id",
                        ResourceRecord.class)
                .setParameter("type", type)
                .setParameter("id", id)
                .setLockMode(lock)
                .getResultStream()
                .findFirst();
    }

    IBaseResource parse(ResourceRecord record, ResourceVersion version) {
        return parse(version.json(tenant()), record.resourceType(), record.resourceId(), version.versionId());
    }

    IBaseResource parse(StoredJson stored) {
        return parse(stored.json(), stored.resourceType(), stored.id(), stored.versionId());
    }

    private IBaseResource parse(String json, String type, String id, long versionId) {
        IBaseResource resource = fhirContext.newJsonParser().parseResource(json);
        resource.setId(id(type, id, versionId));
        resource.setUserData(StoredJson.PARSED_FROM, json);
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
        return id(record.resourceType(), record.resourceId(), versionId);
    }

    private IIdType id(String type, String id, long versionId) {
        return fhirContext.getVersion().newIdType().setParts(null, type, id, Long.toString(versionId));
    }
}
