package org.custos.consent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.audit.Audited;
import org.custos.audit.RequestOrigin;
import org.custos.errors.RequestRefused;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.PurposesOfUse;
import org.custos.identity.Roles;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Break-the-glass: a clinician who declares emergency treatment (purpose of use {@code ETREAT}) and gives a reason
 * is granted one patient's record despite the patient's consent, for {@code custos.consent.break-glass-minutes}
 * (default 60), on requests that declare {@code ETREAT}. The grant is audited as {@code break-the-glass} (which
 * alerts the privacy officers), every access under it is recorded with its grant id, and it waits in the privacy
 * officers' review queue until acknowledged with a comment.
 */
@Stateless
@TenantScoped
public class BreakGlass {

    private static final Clock CLOCK = Clock.systemUTC();
    private static final int MAX_TEXT = 1000;

    @PersistenceContext(unitName = "custos")
    EntityManager em;

    @Inject
    CurrentCaller currentCaller;

    @Inject
    RequestOrigin origin;

    @Inject
    @ConfigProperty(name = "custos.consent.break-glass-minutes", defaultValue = "60")
    int grantMinutes;

    /**
     * @throws RequestRefused 403 without the emergency purpose declared, 400 without a reason, 404 for an unknown
     *                        patient
     */
    @RolesAllowed(Roles.CLINICIAN)
    @Audited(value = "break-the-glass", target = "Patient", idArgument = 0)
    public BreakGlassReview grant(String patientId, String reason) {
        if (!PurposesOfUse.EMERGENCY.equals(origin.purposeOfUse())) {
            throw new RequestRefused(403, "Breaking the glass needs the emergency purpose declared: "
                    + PurposesOfUse.HEADER + ": " + PurposesOfUse.EMERGENCY);
        }
        requireText(reason, "A reason");
        if (patientId == null || em.createQuery("SELECT COUNT(r) FROM ResourceRecord r WHERE r.resourceType ="
                        + " 'Patient' AND r.resourceId = :id AND r.deleted = false", Long.class)
                .setParameter("id", patientId).getSingleResult() == 0) {
            throw new RequestRefused(404, "No such patient");
        }
        Caller caller = currentCaller.get();
        Instant now = CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
        BreakGlassGrant grant = new BreakGlassGrant(caller.subject(), caller.username(), patientId, reason, now,
                now.plus(Duration.ofMinutes(Math.max(1, grantMinutes))), tenant());
        em.persist(grant);
        return grant.view(tenant());
    }

    /** @param all reviewed grants too; otherwise the queue of those waiting for review, oldest first */
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Audited(value = "list-break-the-glass", target = "BreakGlassGrant", idArgument = -1)
    public List<BreakGlassReview> queue(boolean all, int first, int max) {
        return em.createQuery("SELECT g FROM BreakGlassGrant g" + (all ? "" : " WHERE g.reviewedAt IS NULL")
                        + " ORDER BY g.grantedAt", BreakGlassGrant.class)
                .setFirstResult(Math.max(0, first)).setMaxResults(Math.min(200, Math.max(1, max)))
                .getResultList().stream().map(grant -> grant.view(tenant())).toList();
    }

    /** @throws RequestRefused 404 when there is no grant with this id waiting for review, 400 without a comment */
    @RolesAllowed(Roles.PRIVACY_OFFICER)
    @Audited(value = "review-break-the-glass", target = "BreakGlassGrant", idArgument = 0)
    public BreakGlassReview acknowledge(String grantId, String comment) {
        requireText(comment, "A review comment");
        BreakGlassGrant grant = em.createQuery("SELECT g FROM BreakGlassGrant g WHERE g.grantId = :id",
                        BreakGlassGrant.class).setParameter("id", grantId).getResultStream().findFirst()
                .filter(found -> !found.isReviewed())
                .orElseThrow(() -> new RequestRefused(404, "No break-the-glass grant with this id awaits review"));
        grant.acknowledge(currentCaller.get().username(), comment, CLOCK.instant(), tenant());
        return grant.view(tenant());
    }

    private static void requireText(String text, String what) {
        if (text == null || text.isBlank() || text.length() > MAX_TEXT) {
            throw new RequestRefused(400, what + " of 1 to " + MAX_TEXT + " characters is required");
        }
    }

    private String tenant() {
        return TenantColumn.currentTenant(em);
    }
}
