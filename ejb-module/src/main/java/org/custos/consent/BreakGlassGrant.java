package org.custos.consent;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import jakarta.persistence.Column;
import jakarta.persistence.Convert;
import jakarta.persistence.Entity;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Table;

import org.custos.crypto.SealedText;
import org.custos.crypto.SealedTextConverter;
import org.custos.crypto.SealingContext;
import org.custos.tenancy.TenantOwnedEntity;

/**
 * One break-the-glass grant: a clinician may see one patient's record despite their consent until it expires. The
 * reason (and the reviewer's comment) are sealed: free text may name clinical facts.
 */
@Entity
@Table(name = "break_glass_grant")
public class BreakGlassGrant extends TenantOwnedEntity {

    @Column(name = "grant_id", nullable = false, updatable = false)
    private String grantId;

    @Column(name = "user_subject", nullable = false, updatable = false)
    private String userSubject;

    @Column(name = "username", nullable = false, updatable = false)
    private String username;

    @Column(name = "patient_id", nullable = false, updatable = false)
    private String patientId;

    @Convert(converter = SealedTextConverter.class)
    @Column(name = "reason_sealed", nullable = false, updatable = false)
    private SealedText reason;

    @Column(name = "granted_at", nullable = false, updatable = false)
    private OffsetDateTime grantedAt;

    @Column(name = "expires_at", nullable = false, updatable = false)
    private OffsetDateTime expiresAt;

    @Column(name = "reviewed_at")
    private OffsetDateTime reviewedAt;

    @Column(name = "reviewed_by")
    private String reviewedBy;

    @Convert(converter = SealedTextConverter.class)
    @Column(name = "review_comment_sealed")
    private SealedText reviewComment;

    protected BreakGlassGrant() {
        // for JPA
    }

    BreakGlassGrant(String userSubject, String username, String patientId, String reason, Instant grantedAt,
                    Instant expiresAt, String tenant) {
        this.grantId = UUID.randomUUID().toString();
        this.userSubject = userSubject;
        this.username = username;
        this.patientId = patientId;
        this.reason = SealedText.of(reason, sealingContext(tenant, "reason_sealed"));
        this.grantedAt = grantedAt.atOffset(ZoneOffset.UTC);
        this.expiresAt = expiresAt.atOffset(ZoneOffset.UTC);
    }

    /** The caller's grants in force now, by patient: what overrides a consent's denial for them. */
    static Map<String, String> activeFor(EntityManager em, String userSubject, Instant now) {
        List<BreakGlassGrant> active = em.createQuery("SELECT g FROM BreakGlassGrant g WHERE g.userSubject = :user"
                        + " AND g.expiresAt > :now", BreakGlassGrant.class)
                .setParameter("user", userSubject).setParameter("now", now.atOffset(ZoneOffset.UTC)).getResultList();
        return active.stream().collect(Collectors.toMap(grant -> grant.patientId, grant -> grant.grantId,
                (first, second) -> first));
    }

    void acknowledge(String reviewer, String comment, Instant at, String tenant) {
        this.reviewedAt = at.atOffset(ZoneOffset.UTC);
        this.reviewedBy = reviewer;
        this.reviewComment = SealedText.of(comment, sealingContext(tenant, "review_comment_sealed"));
    }

    boolean isReviewed() {
        return reviewedAt != null;
    }

    /** The grant as the review queue shows it (reason and comment opened for the privacy officer). */
    BreakGlassReview view(String tenant) {
        return new BreakGlassReview(grantId, patientId, userSubject, username,
                reason.open(sealingContext(tenant, "reason_sealed")), grantedAt.toInstant(), expiresAt.toInstant(),
                Optional.ofNullable(reviewedAt).map(OffsetDateTime::toInstant), Optional.ofNullable(reviewedBy),
                Optional.ofNullable(reviewComment).map(c -> c.open(sealingContext(tenant, "review_comment_sealed"))));
    }

    String grantId() {
        return grantId;
    }

    private SealingContext sealingContext(String tenant, String column) {
        return new SealingContext(tenant, "break_glass_grant", column, grantId);
    }
}
