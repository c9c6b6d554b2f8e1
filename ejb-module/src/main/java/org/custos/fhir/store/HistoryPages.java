package org.custos.fhir.store;

import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import jakarta.persistence.TypedQuery;

import org.eclipse.persistence.config.HintValues;
import org.eclipse.persistence.config.QueryHints;

/** One page of versions, newest first, and how many versions there are in all. */
final class HistoryPages {

    private final EntityManager em;
    private final StoredResources stored;

    HistoryPages(EntityManager em, StoredResources stored) {
        this.em = em;
        this.stored = stored;
    }

    /**
     * @param condition JPQL condition on the version {@code v} and its resource {@code r}
     * @param bind      binds the condition's parameters
     * @param hidden    resources whose versions are left out (those consent hides from the caller)
     */
    SearchResult page(String condition, HistoryQuery query, Consumer<Query> bind, Set<Long> hidden) {
        String where = " WHERE " + condition + (query.since().isPresent() ? " AND v.lastUpdated >= :since" : "")
                + (hidden.isEmpty() ? "" : " AND r.pk NOT IN :hidden");
        TypedQuery<ResourceVersion> select = em.createQuery("SELECT v FROM ResourceVersion v JOIN FETCH v.resource r"
                        + where + " ORDER BY v.lastUpdated DESC, v.versionId DESC", ResourceVersion.class)
                .setFirstResult(query.offset())
                .setMaxResults(query.count())
                .setHint(QueryHints.READ_ONLY, HintValues.TRUE);
        TypedQuery<Long> count = em.createQuery("SELECT COUNT(v) FROM ResourceVersion v JOIN v.resource r" + where,
                Long.class);
        for (Query q : new Query[] {select, count}) {
            bind.accept(q);
            query.since().ifPresent(instant -> q.setParameter("since", instant.atOffset(ZoneOffset.UTC)));
            if (!hidden.isEmpty()) {
                q.setParameter("hidden", List.copyOf(hidden));
            }
        }
        return new SearchResult(select.getResultList().stream().map(stored::historyEntry).toList(), List.of(),
                count.getSingleResult());
    }
}
