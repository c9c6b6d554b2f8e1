package org.custos.fhir.export;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Table;

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

    @Column(name = "content", nullable = false, updatable = false)
    private String content;

    protected ExportFile() {
        // for JPA
    }

    ExportFile(long jobPk, String resourceType, int fileIndex, int resourceCount, String content) {
        this.jobPk = jobPk;
        this.resourceType = resourceType;
        this.fileIndex = fileIndex;
        this.resourceCount = resourceCount;
        this.content = content;
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

    String content() {
        return content;
    }
}
