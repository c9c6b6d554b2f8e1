package org.custos.fhir.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.custos.tenancy.TenantOwnedEntity;

/** One immutable version of a resource: the full JSON as stored, or no content for a delete. */
@Entity
@Table(name = "fhir_resource_version")
public class ResourceVersion extends TenantOwnedEntity {

    @ManyToOne(fetch = FetchType.LAZY, optional = false)
    @JoinColumn(name = "resource_pk", nullable = false, updatable = false)
    private ResourceRecord resource;

    @Column(name = "version_id", nullable = false, updatable = false)
    private long versionId;

    @Column(name = "last_updated", nullable = false, updatable = false)
    private OffsetDateTime lastUpdated;

    @Column(name = "deleted", nullable = false, updatable = false)
    private boolean deleted;

    @Column(name = "resource_json", updatable = false)
    private String json;

    protected ResourceVersion() {
        // for JPA
    }

    ResourceVersion(ResourceRecord resource, long versionId, Instant lastUpdated, String json) {
        this.resource = resource;
        this.versionId = versionId;
        this.lastUpdated = lastUpdated.atOffset(ZoneOffset.UTC);
        this.deleted = json == null;
        this.json = json;
    }

    ResourceRecord resource() {
        return resource;
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

    String json() {
        return json;
    }
}
