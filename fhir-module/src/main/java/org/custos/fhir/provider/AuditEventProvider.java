package org.custos.fhir.provider;

import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.OptionalParam;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.param.DateRangeParam;
import ca.uhn.fhir.rest.param.ReferenceParam;
import ca.uhn.fhir.rest.param.TokenParam;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import org.custos.audit.AuditEntry;
import org.custos.audit.AuditQuery;
import org.custos.audit.AuditSearch;
import org.custos.fhir.search.SearchQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.IdType;

/**
 * {@code AuditEvent}: the server's own audit trail, read-only, for the tenant's auditors and privacy officers
 * ({@link AuditSearch} decides who). Written only by the server: create, update and delete are not offered.
 * Search by {@code patient}, {@code date}, {@code altid} (username), {@code subtype} (the recorded action, e.g.
 * {@code read}, {@code search}) and {@code outcome} ({@code 0}, {@code 4}, {@code 8}), newest first.
 */
public class AuditEventProvider implements IResourceProvider {

    /** The type served from the audit trail, not the resource store. */
    public static final String TYPE = "AuditEvent";

    private final AuditSearch trail;

    AuditEventProvider(AuditSearch trail) {
        this.trail = trail;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return AuditEvent.class;
    }

    @Read
    public AuditEvent read(@IdParam IdType id) {
        return trail.read(id.getIdPart()).map(BasicAuditEvents::of)
                .orElseThrow(() -> new ResourceNotFoundException(id));
    }

    @Search
    public IBundleProvider search(@OptionalParam(name = AuditEvent.SP_PATIENT) ReferenceParam patient,
                                  @OptionalParam(name = AuditEvent.SP_DATE) DateRangeParam date,
                                  @OptionalParam(name = AuditEvent.SP_ALTID) TokenParam username,
                                  @OptionalParam(name = AuditEvent.SP_SUBTYPE) TokenParam subtype,
                                  @OptionalParam(name = AuditEvent.SP_OUTCOME) TokenParam outcome,
                                  @Offset Integer offset, @Count Integer count) {
        int first = offset == null ? 0 : Math.max(0, offset);
        int size = Math.min(AuditQuery.MAX_PAGE, count == null ? SearchQuery.DEFAULT_COUNT : Math.max(1, count));
        AuditQuery query = AuditQuery.of(Optional.ofNullable(patient).map(ReferenceParam::getIdPart),
                Optional.ofNullable(username).map(TokenParam::getValue), Optional.empty(),
                Optional.ofNullable(subtype).map(TokenParam::getValue), from(date), to(date), first, size + 1);
        query = outcome == null ? query : switch (outcome.getValue()) {
            case "0" -> query.withOutcomes(100, 399);
            case "4" -> query.withOutcomes(400, 499);
            case "8", "12" -> query.withOutcomes(500, 599);
            default -> throw new InvalidRequestException("outcome is 0, 4, 8 or 12");
        };
        List<AuditEntry> found = trail.search(null, query);
        boolean more = found.size() > size;
        return new SearchPage(first, size, (more ? found.subList(0, size) : found).stream().map(BasicAuditEvents::of)
                .toList(), more);
    }

    private static Optional<Instant> from(DateRangeParam date) {
        return Optional.ofNullable(date).map(DateRangeParam::getLowerBoundAsInstant).map(Date::toInstant);
    }

    /** The exclusive upper end: the instant just after the range's inclusive upper bound. */
    private static Optional<Instant> to(DateRangeParam date) {
        return Optional.ofNullable(date).map(DateRangeParam::getUpperBoundAsInstant)
                .map(upper -> upper.toInstant().plusMillis(1));
    }
}
