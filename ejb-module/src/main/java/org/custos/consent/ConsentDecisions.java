package org.custos.consent;

import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;

import org.custos.audit.RequestOrigin;
import org.custos.errors.Failure;
import org.custos.fhir.search.ConsentStatements;
import org.custos.fhir.store.StoredConsents;
import org.custos.fhir.store.Visibility;
import org.custos.identity.Caller;
import org.custos.identity.CurrentCaller;
import org.custos.identity.PurposesOfUse;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;
import org.hl7.fhir.r4.model.Consent;

/**
 * The request's side of each consent decision: who asks (user, their Practitioner and its Organizations and
 * CareTeams, roles), for what purpose, with which break-the-glass grants; and the patients' Consents, loaded once
 * per decision batch. Application-scoped like {@link ConsentGate}: what belongs to one request is read from the
 * request-scoped caller and origin when a batch starts ({@link ForRequest}).
 */
@ApplicationScoped
public class ConsentDecisions {

    private static final Logger LOG = Logger.getLogger(ConsentDecisions.class.getName());

    @Inject
    CurrentCaller currentCaller;

    @Inject
    RequestOrigin origin;

    @Inject
    ConsentOffForBench bench;

    boolean offForBench() {
        return bench.off();
    }

    /** Decisions with these Consents (by key), loaded now in one query. */
    ForRequest forRequest(EntityManager em, Visibility.Use use, Collection<Long> consentKeys) {
        List<Long> keys = List.copyOf(consentKeys);
        Map<Long, Consent> consents;
        try {
            consents = keys.isEmpty() ? Map.of() : new StoredConsents(em).byKeys(keys);
        } catch (RuntimeException unreadable) {
            // A consent that cannot be read (e.g. fails its integrity check) might deny: its patients' data is not shown.
            LOG.log(Level.WARNING, "A patient's consent could not be read; denying: {0}", Failure.typeChain(unreadable));
            consents = Map.of();
        }
        return new ForRequest(em, use, consents);
    }

    /** Decisions in one batch: one instant, one set of consents. */
    final class ForRequest {

        private final EntityManager em;
        private final Visibility.Use use;
        private final Map<Long, Consent> consents;
        private final Caller caller = currentCaller.get();
        private final Instant now = Instant.now();
        private Set<String> actors;
        private Map<String, String> grants;

        private ForRequest(EntityManager em, Visibility.Use use, Map<Long, Consent> consents) {
            this.em = em;
            this.use = use;
            this.consents = consents;
        }

        /**
         * Whether the patient's consent (by key) may deny this caller anything; one that could not be read may.
         */
        boolean mayDeny(long consentKey, String patient) {
            if (isOwnRecord(patient)) {
                return false;
            }
            Consent consent = consents.get(consentKey);
            return consent == null || ConsentEvaluator.mayDeny(consent, new AccessContext(patient, "", Optional.empty(),
                    Set.of(), actors(), caller.roles(), use.code(), purpose(), now));
        }

        /** Empty when the caller may see the resource; otherwise the denial, with its safe reason. */
        Optional<ConsentDecision> denialOf(ResourceFacts facts) {
            if ("Consent".equals(facts.type())) {
                return Optional.empty(); // the policy itself: readable by whoever applies it
            }
            for (String patient : facts.patients()) {
                if (isOwnRecord(patient)) {
                    continue;
                }
                ConsentDecision decision = decide(patient, facts);
                if (!decision.permitted()) {
                    String grant = grants().get(patient);
                    if (grant == null) {
                        return Optional.of(decision);
                    }
                    origin.noteBrokenGlass(grant);
                }
            }
            return Optional.empty();
        }

        /** A patient's right of access to their own record: their consents govern others. */
        private boolean isOwnRecord(String patient) {
            return caller.patient().filter(patient::equals).isPresent();
        }

        private ConsentDecision decide(String patient, ResourceFacts facts) {
            if (!consents.keySet().containsAll(facts.consentKeys())) {
                return ConsentDecision.failedClosed(); // a Consent that could not be read might deny
            }
            List<Consent> theirs = facts.consentKeys().stream().map(consents::get).toList();
            if (theirs.isEmpty() && facts.defaultPermits()) {
                return ConsentDecision.byDefault(true);
            }
            AccessContext access = new AccessContext(patient, facts.type(), Optional.of(facts.typedId()),
                    facts.securityLabels(), actors(), caller.roles(), use.code(), purpose(), now);
            return ConsentEvaluator.decide(theirs, access, facts.defaultPermits());
        }

        private Optional<String> purpose() {
            return Optional.ofNullable(origin.purposeOfUse()).or(() -> PurposesOfUse.defaultFor(caller.roles()));
        }

        /** The caller's own FHIR resource and, for a practitioner, their organizations and care teams. */
        private Set<String> actors() {
            if (actors == null) {
                actors = new HashSet<>();
                caller.fhirUser().filter(user -> user.matches("[A-Za-z]+/[A-Za-z0-9\\-.]{1,64}")).ifPresent(user -> {
                    actors.add(user);
                    String[] typeAndId = user.split("/");
                    ConsentStatements.Statement memberships = ConsentStatements.memberships(typeAndId[0],
                            typeAndId[1], TenantColumn.currentTenant(em));
                    TenantNativeQuery.create(em, memberships.sql(), memberships.parameters()).getResultList()
                            .forEach(member -> actors.add((String) member));
                });
            }
            return actors;
        }

        /** Break-the-glass grants count only on requests that declare the emergency purpose again. */
        private Map<String, String> grants() {
            if (grants == null) {
                grants = PurposesOfUse.EMERGENCY.equals(origin.purposeOfUse())
                        ? BreakGlassGrant.activeFor(em, caller.subject(), now) : Map.of();
            }
            return grants;
        }
    }
}
