package org.custos.fhir.store;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;

import jakarta.persistence.EntityManager;

import ca.uhn.fhir.context.FhirContext;
import org.custos.crypto.Blinding;
import org.custos.fhir.search.SearchIndexWriter;
import org.custos.fhir.search.SearchIndexer;
import org.custos.tenancy.TenantColumn;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Writes the versions of a resource: the next content with its search index rows, or a delete. */
final class VersionWriter {

    private static final Clock CLOCK = Clock.systemUTC();

    private final EntityManager em;
    private final FhirContext fhirContext;
    private final SearchIndexer indexer;
    private final Blinding blinding;

    VersionWriter(EntityManager em, FhirContext fhirContext, SearchIndexer indexer, Blinding blinding) {
        this.em = em;
        this.fhirContext = fhirContext;
        this.indexer = indexer;
        this.blinding = blinding;
    }

    /** Writes the next version of an already validated resource, with id and meta set as stored. */
    IBaseResource write(ResourceRecord record, IBaseResource resource) {
        Instant now = now();
        long versionId = record.nextVersionId();
        resource.setId(new StoredResources(em, fhirContext).id(record, versionId));
        resource.getMeta().setVersionId(Long.toString(versionId));
        resource.getMeta().setLastUpdated(Date.from(now));
        String json = fhirContext.newJsonParser().encodeResourceToString(resource);
        boolean hadIndexRows = record.versionId() > 0; // a deleted resource keeps its consent facts
        ResourceVersion version = record.writeVersion(json, now, TenantColumn.currentTenant(em));
        em.persist(version);
        em.flush();
        new SearchIndexWriter(em, blinding).replace(record.primaryKey(), record.resourceType(), indexer.extract(resource),
                hadIndexRows);
        // A transaction bundle writes thousands of resources in one persistence context; kept managed, each would
        // be re-examined by every later flush.
        em.detach(version);
        em.detach(record);
        return resource;
    }

    /**
     * A delete is a new version without content; the resource leaves every search, but keeps what consent decides
     * its history on (its patients and security labels).
     */
    void delete(ResourceRecord record) {
        em.persist(record.delete(now()));
        new SearchIndexWriter(em, blinding).removeForDelete(record.primaryKey());
    }

    /** Millisecond precision: what PostgreSQL and FHIR instants both keep, so a read equals what was written. */
    private static Instant now() {
        return CLOCK.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
