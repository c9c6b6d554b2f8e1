package org.custos.fhir.export;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Table;

import org.custos.tenancy.TenantOwnedEntity;

/** One {@code $export} request: what it asked for, who asked, and how far it got. */
@Entity
@Table(name = "fhir_export_job")
public class ExportJob extends TenantOwnedEntity {

    /** Where a job is in its life. */
    public enum Status { ACCEPTED, RUNNING, COMPLETE, FAILED, CANCELLED }

    /** Which resources a job exports. */
    public enum Level { SYSTEM, PATIENT, GROUP }

    @Column(name = "job_id", nullable = false, updatable = false)
    private String jobId;

    @Column(name = "requester", nullable = false, updatable = false)
    private String requester;

    @Enumerated(EnumType.STRING)
    @Column(name = "export_level", nullable = false, updatable = false)
    private Level level;

    @Column(name = "group_id", updatable = false)
    private String groupId;

    @Column(name = "resource_types", updatable = false)
    private String resourceTypes;

    @Column(name = "since", updatable = false)
    private OffsetDateTime since;

    @Enumerated(EnumType.STRING)
    @Column(name = "status", nullable = false)
    private Status status;

    @Column(name = "transaction_time", nullable = false, updatable = false)
    private OffsetDateTime transactionTime;

    @Column(name = "request_url", nullable = false, updatable = false)
    private String requestUrl;

    @Column(name = "message")
    private String message;

    protected ExportJob() {
        // for JPA
    }

    ExportJob(String jobId, String requester, ExportRequest request, String requestUrl, Instant transactionTime) {
        this.jobId = jobId;
        this.requester = requester;
        this.level = request.level();
        this.groupId = request.groupId().orElse(null);
        this.resourceTypes = request.types().isEmpty() ? null : String.join(",", request.types());
        this.since = request.since().map(instant -> instant.atOffset(ZoneOffset.UTC)).orElse(null);
        this.status = Status.ACCEPTED;
        this.transactionTime = transactionTime.atOffset(ZoneOffset.UTC);
        this.requestUrl = requestUrl;
    }

    boolean isRequestedBy(String subject) {
        return requester.equals(subject);
    }

    ExportRequest request() {
        return new ExportRequest(level, Optional.ofNullable(groupId),
                resourceTypes == null ? List.of() : Arrays.asList(resourceTypes.split(",")),
                Optional.ofNullable(since).map(OffsetDateTime::toInstant));
    }

    void moveTo(Status next, String reason) {
        this.status = next;
        this.message = reason;
    }

    String jobId() {
        return jobId;
    }

    Status status() {
        return status;
    }

    Instant transactionTime() {
        return transactionTime.toInstant();
    }

    String requestUrl() {
        return requestUrl;
    }

    String message() {
        return message;
    }

    long primaryKey() {
        return pk();
    }
}
