package org.custos.fhir.export;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

import org.custos.crypto.SealedText;
import org.custos.crypto.SealedTextConverter;
import org.custos.crypto.SealingContext;
import org.custos.tenancy.TenantOwnedEntity;

/** One NDJSON output file of an export job: resources of one type, one per line. */
@Entity
@Table(name = "fhir_export_file")
public class ExportFile extends TenantOwnedEntity {

    @Column(name = "job_pk", nullable = false, updatable = false)
    private long jobPk;

    @Column(name = "resource_type", nullable = false, updatable = false)
    private String resourceType;

    @Column(name = "file_index", nullable = false, updatable = false)
    private int fileIndex;

    @Column(name = "resource_count", nullable = false, updatable = false)
    private int resourceCount;

    /** The NDJSON, sealed for this file (PHI at rest, like the resources it copies). */
    @Convert(converter = SealedTextConverter.class)
    @Column(name = "content_sealed", nullable = false, updatable = false)
    private SealedText content;

    protected ExportFile() {
        // for JPA
    }

    ExportFile(long jobPk, String resourceType, int fileIndex, int resourceCount, String content, String tenant) {
        this.jobPk = jobPk;
        this.resourceType = resourceType;
        this.fileIndex = fileIndex;
        this.resourceCount = resourceCount;
        this.content = SealedText.of(content, sealingContext(tenant));
    }

    /** Where a file's NDJSON is sealed: its tenant, and its job, type and index. */
    private SealingContext sealingContext(String tenant) {
        return new SealingContext(tenant, "fhir_export_file", "content_sealed",
                jobPk + "/" + resourceType + "/" + fileIndex);
    }

    String resourceType() {
        return resourceType;
    }

    int fileIndex() {
        return fileIndex;
    }

    int resourceCount() {
        return resourceCount;
    }

    /** @throws org.custos.crypto.IntegrityFailure when the sealed NDJSON was altered or belongs to another file */
    String content(String tenant) {
        return content.open(sealingContext(tenant));
    }
}
