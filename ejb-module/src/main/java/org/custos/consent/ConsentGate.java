package org.custos.consent;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.errors.RequestRefused;
import org.custos.fhir.search.ConsentStatements;
import org.custos.fhir.search.Matches;
import org.custos.fhir.store.ReadAhead;
import org.custos.fhir.store.Visibility;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one consent decision point of a request: which stored resources the caller may see, decided per resource
 * from the facts the search index holds ({@link ConsentStatements}) by {@link ConsentEvaluator}, with the caller's
 * break-the-glass grants. Reads ask it through {@link ConsentInterceptor}; searches, history, {@code $everything}
 * and exports through the store ({@link Visibility}), before paging and counting. Fails closed: what cannot be
 * decided is not shown. Application-scoped: it keeps nothing of a request (the caller and the request's purpose are
 * read through request-scoped beans when a decision is made), so a request does not pay for creating it.
 */
@ApplicationScoped
public class ConsentGate implements Visibility {

    /**
     * The most resources one search may leave consent to decide on. A search matching more resources of patients
     * with consents on record (opt-in tenants: of any patient) is refused as too costly rather than half-checked.
     */
    static final int MAX_DECIDED = 10_000;

    @PersistenceContext(unitName = "custos")
    EntityManager em;

    @Inject
    ConsentDecisions decisions;

    @Inject
    ReadAhead readAhead;

    /** Consent's denial of access to one named resource; empty when it is permitted (or does not exist). */
    public Optional<ConsentDecision> denialOf(String type, String id, Use use) {
        if (decisions.offForBench()) {
            return Optional.empty();
        }
        List<ResourceFacts> facts = factsOf(List.of(type + "/" + id));
        return facts.isEmpty() ? Optional.empty() : denialOf(facts.get(0), use);
    }

    /**
     * Consent's denial of reading the current version of one named resource; empty when it is permitted (or does not
     * exist). Asked together with that version, which is kept for the read when permitted ({@link ReadAhead}).
     */
    public Optional<ConsentDecision> denialOfReadingCurrent(String type, String id) {
        if (decisions.offForBench()) {
            return Optional.empty();
        }
        ConsentStatements.Statement statement = ConsentStatements.factsWithCurrentVersionOf(type, id,
                TenantColumn.currentTenant(em));
        List<Object[]> rows = TenantNativeQuery.rows(em, statement.sql(), statement.parameters());
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Optional<ConsentDecision> denial = denialOf(ResourceFacts.of(rows.get(0)), Use.ACCESS);
        if (denial.isEmpty()) {
            readAhead.keep(type, id, rows.get(0));
        }
        return denial;
    }

    private Optional<ConsentDecision> denialOf(ResourceFacts facts, Use use) {
        return decisions.forRequest(em, use, facts.consentKeys()).denialOf(facts);
    }

    /**
     * Only the matches that can be denied are decided one by one: under an opt-out default, those of patients whose
     * consents may deny this caller something (a consent against research use denies a treating clinician nothing);
     * under opt-in, those of any patient.
     */
    @Override
    public Hidden hiddenAmong(Matches matches, Use use) {
        if (decisions.offForBench()) {
            return Hidden.uncounted(Set.of());
        }
        List<Object[]> rows = TenantNativeQuery.rows(em, ConsentStatements.consentsAmong(matches),
                matches.parameters());
        boolean defaultPermits = !"deny".equals(rows.get(0)[0]);
        Number matchCount = (Number) rows.get(0)[1];
        Map<Long, String> patientOfConsent = new HashMap<>();
        rows.stream().filter(row -> row[2] != null)
                .forEach(row -> patientOfConsent.put(((Number) row[2]).longValue(), (String) row[3]));
        Set<Long> hidden = defaultPermits && patientOfConsent.isEmpty() ? Set.of()
                : decide(matches, defaultPermits, decisions.forRequest(em, use, patientOfConsent.keySet()),
                        patientOfConsent);
        return matchCount == null ? Hidden.uncounted(hidden) : Hidden.among(matchCount.longValue(), hidden);
    }

    private Set<Long> decide(Matches matches, boolean defaultPermits, ConsentDecisions.ForRequest decide,
                             Map<Long, String> patientOfConsent) {
        List<ResourceFacts> candidates;
        if (defaultPermits) {
            Set<String> restricting = patientOfConsent.entrySet().stream()
                    .filter(consent -> decide.mayDeny(consent.getKey(), consent.getValue()))
                    .map(Map.Entry::getValue).collect(Collectors.toSet());
            if (restricting.isEmpty()) {
                return Set.of();
            }
            ConsentStatements.Statement facts = ConsentStatements.factsOfPatients(matches, restricting,
                    MAX_DECIDED + 1);
            candidates = facts(facts.sql(), facts.parameters());
        } else {
            candidates = facts(ConsentStatements.factsOfAnyPatient(matches, MAX_DECIDED + 1), matches.parameters());
        }
        if (candidates.size() > MAX_DECIDED) {
            throw new RequestRefused(403, "Too many matching records are restricted by patients' consents to check"
                    + " them all: narrow the search");
        }
        return candidates.stream().filter(facts -> decide.denialOf(facts).isPresent()).map(ResourceFacts::key)
                .collect(Collectors.toSet());
    }

    @Override
    public List<IBaseResource> visible(List<IBaseResource> resources, Use use) {
        if (resources.isEmpty() || decisions.offForBench()) {
            return resources;
        }
        Function<IBaseResource, String> typedId = resource -> resource.getIdElement().getResourceType() + "/"
                + resource.getIdElement().getIdPart();
        List<ResourceFacts> facts = factsOf(resources.stream().map(typedId).distinct().toList());
        ConsentDecisions.ForRequest decide = decisions.forRequest(em, use, consentKeys(facts));
        // A resource the index does not know cannot be decided: it is not shown.
        Set<String> permitted = facts.stream().filter(fact -> decide.denialOf(fact).isEmpty())
                .map(ResourceFacts::typedId).collect(Collectors.toSet());
        return resources.stream().filter(resource -> permitted.contains(typedId.apply(resource))).toList();
    }

    private static Set<Long> consentKeys(List<ResourceFacts> facts) {
        return facts.stream().flatMap(fact -> fact.consentKeys().stream()).collect(Collectors.toSet());
    }

    private List<ResourceFacts> factsOf(List<String> typedIds) {
        if (typedIds.isEmpty()) {
            return List.of();
        }
        List<ResourceFacts> facts = new ArrayList<>();
        // Chunks keep the statement's parameter count far below PostgreSQL's limit whatever the page size.
        for (int from = 0; from < typedIds.size(); from += 1000) {
            ConsentStatements.Statement statement = ConsentStatements.factsOf(
                    typedIds.subList(from, Math.min(typedIds.size(), from + 1000)), TenantColumn.currentTenant(em));
            facts.addAll(facts(statement.sql(), statement.parameters()));
        }
        return facts;
    }

    private List<ResourceFacts> facts(String sql, List<Object> parameters) {
        return TenantNativeQuery.rows(em, sql, parameters).stream().map(ResourceFacts::of).toList();
    }
}
