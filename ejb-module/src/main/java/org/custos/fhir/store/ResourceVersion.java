package org.custos.fhir.store;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.Table;

import org.custos.crypto.SealedText;
import org.custos.crypto.SealedTextConverter;
import org.custos.crypto.SealingContext;
import org.custos.tenancy.TenantOwnedEntity;

/** One immutable version of a resource: its full JSON, sealed, or no content for a delete. */
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

    /** The resource's JSON, sealed for this row (null for a delete). */
    @Convert(converter = SealedTextConverter.class)
    @Column(name = "resource_sealed", updatable = false)
    private SealedText sealedJson;

    /**
     * Plain JSON of a version written before PHI encryption (schema V1 to V5); the re-encryption job seals such
     * rows. Never written.
     */
    @Column(name = "resource_json", insertable = false, updatable = false)
    private String legacyJson;

    protected ResourceVersion() {
        // for JPA
    }

    /** @param json the content, null for a delete */
    ResourceVersion(ResourceRecord resource, long versionId, Instant lastUpdated, String json, String tenant) {
        this.resource = resource;
        this.versionId = versionId;
        this.lastUpdated = lastUpdated.atOffset(ZoneOffset.UTC);
        this.deleted = json == null;
        this.sealedJson = json == null ? null : SealedText.of(json, sealingContext(tenant));
    }

    /**
     * Where a version's JSON is sealed: its tenant and its natural key ({@code Patient/123/_history/2}). The
     * surrogate key cannot serve, PostgreSQL assigns it only when the row is inserted.
     */
    public static SealingContext sealingContext(String tenant, String type, String id, long versionId) {
        return new SealingContext(tenant, "fhir_resource_version", "resource_sealed",
                type + "/" + id + "/_history/" + versionId);
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

    /**
     * @param tenant the tenant the row was read for
     * @throws org.custos.crypto.IntegrityFailure when the sealed JSON was altered or does not belong to this row
     */
    String json(String tenant) {
        return sealedJson != null ? sealedJson.open(sealingContext(tenant)) : legacyJson;
    }

    private SealingContext sealingContext(String tenant) {
        return sealingContext(tenant, resource.resourceType(), resource.resourceId(), versionId);
    }
}
