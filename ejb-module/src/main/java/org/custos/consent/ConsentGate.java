package org.custos.consent;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.errors.RequestRefused;
import org.custos.fhir.search.ConsentStatements;
import org.custos.fhir.search.Matches;
import org.custos.fhir.store.Visibility;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantNativeQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The one consent decision point of a request: which stored resources the caller may see, decided per resource
 * from the facts the search index holds ({@link ConsentStatements}) by {@link ConsentEvaluator}, with the caller's
 * break-the-glass grants. Reads ask it through {@link ConsentInterceptor}; searches, history, {@code $everything}
 * and exports through the store ({@link Visibility}), before paging and counting. Fails closed: what cannot be
 * decided is not shown.
 */
@RequestScoped
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

    /** Consent's denial of access to one named resource; empty when it is permitted (or does not exist). */
    public Optional<ConsentDecision> denialOf(String type, String id, Use use) {
        if (decisions.offForBench()) {
            return Optional.empty();
        }
        List<ResourceFacts> facts = factsOf(List.of(type + "/" + id));
        return facts.isEmpty() ? Optional.empty() : decisions.forThisRequest(em, use, facts).denialOf(facts.get(0));
    }

    @Override
    public Set<Long> hiddenAmong(Matches matches, Use use) {
        if (decisions.offForBench()) {
            return Set.of();
        }
        boolean defaultPermits = !"deny".equals(TenantNativeQuery.create(em, ConsentStatements.defaultPolicy(),
                List.of(TenantColumn.currentTenant(em))).getSingleResult());
        List<ResourceFacts> candidates = facts(ConsentStatements.facts(matches, defaultPermits
                ? ConsentStatements.Candidates.OF_PATIENTS_WITH_CONSENTS
                : ConsentStatements.Candidates.OF_ANY_PATIENT, MAX_DECIDED + 1), matches.parameters());
        if (candidates.size() > MAX_DECIDED) {
            throw new RequestRefused(403, "Too many matching records are restricted by patients' consents to check"
                    + " them all: narrow the search");
        }
        ConsentDecisions.ForRequest decide = decisions.forThisRequest(em, use, candidates);
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
        ConsentDecisions.ForRequest decide = decisions.forThisRequest(em, use, facts);
        // A resource the index does not know cannot be decided: it is not shown.
        Set<String> permitted = facts.stream().filter(fact -> decide.denialOf(fact).isEmpty())
                .map(ResourceFacts::typedId).collect(Collectors.toSet());
        return resources.stream().filter(resource -> permitted.contains(typedId.apply(resource))).toList();
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
        List<?> rows = TenantNativeQuery.create(em, sql, parameters).getResultList();
        return rows.stream().map(row -> ResourceFacts.of((Object[]) row)).toList();
    }
}
