package org.custos.fhir.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.custos.tenancy.TenantOwnedEntity;

/**
 * One logical resource ({@code Patient/123}): its current version number and whether it is deleted. The content of
 * each version lives in {@link ResourceVersion}; the search index of the current version is written by
 * {@link org.custos.fhir.search.SearchIndexWriter}.
 */
@Entity
@Table(name = "fhir_resource")
public class ResourceRecord extends TenantOwnedEntity {

    @Column(name = "resource_type", nullable = false, updatable = false)
    private String resourceType;

    @Column(name = "resource_id", nullable = false, updatable = false)
    private String resourceId;

    @Column(name = "version_id", nullable = false)
    private long versionId;

    @Column(name = "last_updated", nullable = false)
    private OffsetDateTime lastUpdated;

    @Column(name = "deleted", nullable = false)
    private boolean deleted;

    protected ResourceRecord() {
        // for JPA
    }

    ResourceRecord(String resourceType, String resourceId) {
        this.resourceType = resourceType;
        this.resourceId = resourceId;
    }

    /** The version number the next write or delete gets. */
    long nextVersionId() {
        return versionId + 1;
    }

    /** Records a new version with this content and makes it current (un-deleting a deleted resource). */
    ResourceVersion writeVersion(String json, Instant now, String tenant) {
        versionId = nextVersionId();
        lastUpdated = now.atOffset(ZoneOffset.UTC);
        deleted = false;
        return new ResourceVersion(this, versionId, now, json, tenant);
    }

    /** Records the delete as a new version without content; the resource leaves every search. */
    ResourceVersion delete(Instant now) {
        versionId = nextVersionId();
        lastUpdated = now.atOffset(ZoneOffset.UTC);
        deleted = true;
        return new ResourceVersion(this, versionId, now, null, null);
    }

    String resourceType() {
        return resourceType;
    }

    String resourceId() {
        return resourceId;
    }

    long versionId() {
        return versionId;
    }

    Instant lastUpdated() {
        return lastUpdated.toInstant();
    }

    boolean isDeleted() {
        return deleted;
    }

    long primaryKey() {
        return pk();
    }
}
