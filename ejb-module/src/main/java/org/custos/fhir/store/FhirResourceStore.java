package org.custos.fhir.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;

import ca.uhn.fhir.context.FhirContext;
import org.custos.access.Permission;
import org.custos.audit.Audited;
import org.custos.consent.ConsentChecked;
import org.custos.consent.ConsentChecked.Check;
import org.custos.access.Requires;
import org.custos.access.Requires.InPatientContext;
import org.custos.access.ScopeChecked;
import org.custos.access.SmartScope;
import org.custos.crypto.Blinding;
import org.custos.errors.RequestRefused;
import org.custos.fhir.search.CompartmentStatement;
import org.custos.fhir.search.ExportStatement;
import org.custos.fhir.search.Matches;
import org.custos.fhir.search.SearchIndexer;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.validation.InvalidElement;
import org.custos.fhir.validation.ResourceValidator;
import org.custos.identity.Roles;
import org.custos.tenancy.TenantColumn;
import org.custos.tenancy.TenantScoped;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Versioned, tenant-scoped storage of FHIR resources: the boundary every FHIR interaction passes. Authorization
 * (roles: {@code @RolesAllowed}; SMART scopes and patient confinement: {@code @Requires}), patients' consent
 * ({@code @ConsentChecked}; searches, history and exports filtered through {@link Visibility}) and tenant scoping
 * ({@code @TenantScoped}) are declared here once, so the FHIR endpoint and the admin API cannot bypass them.
 */
@Stateless
@TenantScoped
@ScopeChecked
@ConsentChecked
public class FhirResourceStore {


    /** FHIR's id grammar: 1 to 64 of letters, digits, '-' and '.'. */
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");

    @PersistenceContext(unitName = "custos")
    EntityManager em;

    @Inject
    SearchIndexer indexer;

    @Inject
    ResourceValidator validator;

    @Inject
    Blinding blinding;

    @Inject
    Visibility visibility;

    @Inject
    ReadAhead readAhead;

    private final FhirContext fhirContext = FhirContexts.r4();

    /**
     * Creates the resource under a new server-assigned id.
     *
     * @param ifNoneExist a conditional create's search ({@code If-None-Exist}): when it matches one resource, that
     *                    one is returned and nothing is stored; when it matches several, 412
     */
    @Audited("create")
    @RolesAllowed({Roles.CLINICIAN, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.CREATE, inPatientContext = InPatientContext.OWN_CONSENTS_ONLY)
    @ConsentChecked(Check.NO_STORED_DATA)
    public WriteResult create(IBaseResource resource, Optional<SearchQuery> ifNoneExist) {
        String type = fhirContext.getResourceType(resource);
        Optional<IBaseResource> existing = ifNoneExist.flatMap(this::singleMatch);
        if (existing.isPresent()) {
            return new WriteResult(existing.get(), false);
        }
        return createWithAssignedId(resource, UUID.randomUUID().toString());
    }

    /**
     * Creates the resource under an id the server chose beforehand (a random UUID): a transaction assigns the ids
     * of its new resources before writing any, so that its entries can refer to each other in any order.
     */
    @Audited("create")
    @RolesAllowed({Roles.CLINICIAN, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.CREATE, inPatientContext = InPatientContext.OWN_CONSENTS_ONLY)
    @ConsentChecked(Check.NO_STORED_DATA)
    public WriteResult createWithAssignedId(IBaseResource resource, String assignedId) {
        String type = fhirContext.getResourceType(resource);
        requireValid(type, resource);
        ResourceRecord record = new ResourceRecord(type, assignedId);
        em.persist(record);
        return new WriteResult(versions().write(record, resource), true);
    }

    @Audited("read")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, inPatientContext = InPatientContext.CHECK_RESULT)
    @ConsentChecked(Check.CURRENT_RESOURCE)
    public IBaseResource read(String type, String id) {
        return stored().parse(current(type, id));
    }

    @Audited("vread")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, inPatientContext = InPatientContext.CHECK_RESULT)
    @ConsentChecked(Check.NAMED_RESOURCE)
    public IBaseResource vread(String type, String id, long versionId) {
        ResourceVersion version = stored().version(type, id, Optional.of(versionId));
        return stored().parse(version.resource(), version);
    }

    /**
     * A read answered with the stored JSON itself: the hottest path of the FHIR endpoint skips parsing and
     * re-encoding when the client wants plain JSON.
     */
    @Audited("read")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, inPatientContext = InPatientContext.CHECK_RESULT)
    @ConsentChecked(Check.CURRENT_RESOURCE)
    public StoredJson readJson(String type, String id) {
        return current(type, id);
    }

    /** A vread answered with the stored JSON itself (see {@link #readJson}). */
    @Audited("vread")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, inPatientContext = InPatientContext.CHECK_RESULT)
    @ConsentChecked(Check.NAMED_RESOURCE)
    public StoredJson vreadJson(String type, String id, long versionId) {
        return storedJson(type, id, Optional.of(versionId));
    }

    /**
     * Stores a new version, or creates the resource under the caller's id when it does not exist (update as create).
     *
     * @param expectedVersion from If-Match: the update applies only if this is the current version
     */
    @Audited("update")
    @RolesAllowed({Roles.CLINICIAN, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.UPDATE, inPatientContext = InPatientContext.OWN_CONSENTS_ONLY)
    @ConsentChecked(Check.CHANGED_RESOURCE)
    public WriteResult update(String type, String id, IBaseResource resource, Optional<Long> expectedVersion) {
        if (!VALID_ID.matcher(id).matches()) {
            throw StoreException.invalid("Resource id is not a valid FHIR id");
        }
        if (!type.equals(fhirContext.getResourceType(resource))) {
            throw StoreException.invalid("Resource type in the body does not match the URL");
        }
        // Validated before the row lock is taken: validation is the slow part and must not hold others up.
        requireValid(type, resource);
        ResourceRecord record = stored().record(type, id, LockModeType.PESSIMISTIC_WRITE).orElse(null);
        boolean created = record == null;
        if (created) {
            if (expectedVersion.isPresent()) {
                throw StoreException.notFound(type, id);
            }
            record = new ResourceRecord(type, id);
            em.persist(record);
        } else if (expectedVersion.isPresent() && expectedVersion.get() != record.versionId()) {
            throw StoreException.versionConflict(type, id);
        }
        return new WriteResult(versions().write(record, resource), created);
    }

    /**
     * Conditional update ({@code PUT Patient?identifier=...}): updates the one match, or creates the resource when
     * nothing matches (under the body's id if it has one); several matches are 412.
     */
    @Audited("update")
    @RolesAllowed({Roles.CLINICIAN, Roles.EHR_CLIENT})
    @Requires(value = Permission.UPDATE, inPatientContext = InPatientContext.REFUSED)
    @ConsentChecked(Check.NO_STORED_DATA)
    public WriteResult update(SearchQuery condition, IBaseResource resource) {
        Optional<IBaseResource> match = singleMatch(condition);
        if (match.isPresent()) {
            requireCorrectable(match.get());
            return update(condition.resourceType(), match.get().getIdElement().getIdPart(), resource, Optional.empty());
        }
        if (resource.getIdElement().hasIdPart()) {
            return update(condition.resourceType(), resource.getIdElement().getIdPart(), resource, Optional.empty());
        }
        return create(resource, Optional.empty());
    }

    /** Conditional delete: deletes the one match; no match changes nothing; several matches are 412. */
    @Audited(value = "delete", success = 204)
    @RolesAllowed({Roles.CLINICIAN, Roles.EHR_CLIENT})
    @Requires(value = Permission.DELETE, inPatientContext = InPatientContext.REFUSED)
    @ConsentChecked(Check.NO_STORED_DATA)
    public void delete(SearchQuery condition) {
        singleMatch(condition).ifPresent(match -> {
            requireCorrectable(match);
            delete(condition.resourceType(), match.getIdElement().getIdPart());
        });
    }

    /** Deletes the resource (a new, empty version; history is kept). Deleting a deleted resource changes nothing. */
    @Audited(value = "delete", success = 204)
    @RolesAllowed({Roles.CLINICIAN, Roles.EHR_CLIENT})
    @Requires(value = Permission.DELETE, inPatientContext = InPatientContext.REFUSED)
    @ConsentChecked(Check.CHANGED_RESOURCE)
    public void delete(String type, String id) {
        ResourceRecord record = stored().record(type, id, LockModeType.PESSIMISTIC_WRITE)
                .orElseThrow(() -> StoreException.notFound(type, id));
        if (!record.isDeleted()) {
            versions().delete(record);
        }
    }

    /** Versions of one resource, newest first, a page at a time; a delete appears as an entry without content. */
    @Audited("history")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, inPatientContext = InPatientContext.CHECK_RESULT)
    @ConsentChecked(Check.NAMED_RESOURCE)
    public SearchResult history(String type, String id, HistoryQuery query) {
        ResourceRecord record = stored().record(type, id, LockModeType.NONE)
                .orElseThrow(() -> StoreException.notFound(type, id));
        // Consent decided on the resource before this ran (ConsentChecked): its history is all or nothing.
        return new HistoryPages(em, stored()).page("v.resource = :record", query, q -> q.setParameter("record", record),
                Set.of());
    }

    /** Versions of every resource of a type ({@code null}: of every type), newest first. */
    @Audited("history")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT})
    @Requires(value = Permission.SEARCH, inPatientContext = InPatientContext.REFUSED)
    @ConsentChecked(Check.FILTERED_BY_METHOD)
    public SearchResult history(String type, HistoryQuery query) {
        Set<Long> hidden = visibility.hiddenAmong(Matches.ofType(type, TenantColumn.currentTenant(em)),
                Visibility.Use.ACCESS).keys();
        if (type == null) {
            return new HistoryPages(em, stored()).page("1 = 1", query, q -> { }, hidden);
        }
        return new HistoryPages(em, stored()).page("r.resourceType = :type", query, q -> q.setParameter("type", type),
                hidden);
    }

    @Audited("search")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.SEARCH, inPatientContext = InPatientContext.CONFINE_SEARCH)
    @ConsentChecked(Check.FILTERED_BY_METHOD)
    public SearchResult search(SearchQuery query) {
        return searchRunner().run(query, blinding);
    }

    /**
     * {@code Patient/{id}/$everything}: the patient and every resource that refers to it, in creation order, with
     * the resources those refer to.
     *
     * @param since only resources changed since ({@code _since})
     * @param types only these types ({@code _type}); empty for all
     */
    @Audited(value = "everything", target = "Patient")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, resourceType = SmartScope.ALL_TYPES,
            inPatientContext = InPatientContext.OWN_PATIENT)
    @ConsentChecked(Check.NAMED_PATIENT)
    public SearchResult everything(String patientId, Optional<Instant> since, List<String> types, int offset, int count) {
        // 404/410 as for a read, without parsing the patient: the compartment query loads it anyway.
        ResourceRecord patient = stored().record("Patient", patientId, LockModeType.NONE)
                .orElseThrow(() -> StoreException.notFound("Patient", patientId));
        if (patient.isDeleted()) {
            throw StoreException.gone("Patient", patientId);
        }
        return searchRunner().compartment(CompartmentStatement.of(patientId, since, types, offset, count,
                TenantColumn.currentTenant(em)), types);
    }

    /**
     * A page of a bulk export: resources of one type in the scope, after a primary key. Only EHR systems export
     * (the Bulk Data "backend services" model).
     */
    @RolesAllowed(Roles.EHR_CLIENT)
    @Requires(value = Permission.SEARCH, inPatientContext = InPatientContext.REFUSED)
    @ConsentChecked(Check.FILTERED_BY_METHOD)
    public ExportPage exportPage(String type, ExportStatement.Scope scope, Optional<Instant> since, long afterKey,
                                 int limit) {
        return searchRunner().exportPage(ExportStatement.page(type, scope, since, afterKey, limit,
                TenantColumn.currentTenant(em)), afterKey);
    }

    /** {@code $validate}: what would make the resource refused, without storing anything. */
    @Audited("validate")
    @RolesAllowed({Roles.CLINICIAN, Roles.NURSE, Roles.EHR_CLIENT, Roles.PATIENT})
    @Requires(value = Permission.READ, inPatientContext = InPatientContext.NO_STORED_DATA)
    @ConsentChecked(Check.NO_STORED_DATA)
    public List<InvalidElement> validate(IBaseResource resource) {
        return validator.errorsOf(resource);
    }

    /** The current version: as consent's check fetched it ahead of this call, else from the database. */
    private StoredJson current(String type, String id) {
        return readAhead.take(type, id, TenantColumn.currentTenant(em))
                .orElseGet(() -> storedJson(type, id, Optional.empty()));
    }

    private StoredJson storedJson(String type, String id, Optional<Long> versionId) {
        ResourceVersion version = stored().version(type, id, versionId);
        return new StoredJson(type, id, version.versionId(), version.lastUpdated(),
                version.json(TenantColumn.currentTenant(em)));
    }

    /**
     * A conditional change reaches its match without passing the consent check again (a call within the bean):
     * the patient's consent must let the caller correct it.
     */
    private void requireCorrectable(IBaseResource match) {
        if (visibility.visible(List.of(match), Visibility.Use.CORRECT).isEmpty()) {
            throw new RequestRefused(403, "Changing this record is denied by the patient's consent");
        }
    }

    /** The one resource a condition selects; empty when none does; 412 when it is ambiguous. */
    private Optional<IBaseResource> singleMatch(SearchQuery condition) {
        SearchResult matches = search(new SearchQuery(condition.resourceType(), condition.criteria(), 2));
        if (matches.total() > 1) {
            throw StoreException.ambiguousCondition(condition.resourceType());
        }
        return matches.matches().stream().findFirst();
    }

    /**
     * An invalid resource is refused before anything is written or locked; so is an AuditEvent, which only the
     * server writes (its audit trail, served read-only as AuditEvent), also inside bundles.
     */
    private void requireValid(String type, IBaseResource resource) {
        if ("AuditEvent".equals(type)) {
            throw new RequestRefused(405, "AuditEvent is the server's own audit trail: only the server writes it");
        }
        List<InvalidElement> errors = validator.errorsOf(resource);
        if (!errors.isEmpty()) {
            throw StoreException.failsValidation(type, errors);
        }
    }

    private SearchRunner searchRunner() {
        return new SearchRunner(em, fhirContext, visibility);
    }

    private StoredResources stored() {
        return new StoredResources(em, fhirContext);
    }

    private VersionWriter versions() {
        return new VersionWriter(em, fhirContext, indexer, blinding);
    }
}
