package org.custos.fhir.provider;

import java.util.Date;
import java.util.List;
import java.util.Optional;

import ca.uhn.fhir.rest.annotation.ConditionalUrlParam;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.Create;
import ca.uhn.fhir.rest.annotation.Delete;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Read;
import ca.uhn.fhir.rest.annotation.ResourceParam;
import ca.uhn.fhir.rest.annotation.Search;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Update;
import ca.uhn.fhir.rest.annotation.Validate;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.fhir.search.SearchQuery;
import org.custos.fhir.search.SearchUrls;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.store.HistoryQuery;
import org.custos.fhir.store.WriteResult;
import org.custos.fhir.validation.InvalidElement;
import org.custos.fhir.validation.ValidationIssues;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.OperationOutcome;

/**
 * The FHIR interactions of one resource type, each a single call of {@link FhirResourceStore}. One instance serves
 * each R4 resource type (see {@link ResourceProviders}), as HAPI's plain server expects one provider per type.
 */
public class ResourceTypeProvider implements IResourceProvider {

    private final Class<? extends IBaseResource> type;
    private final String typeName;
    private final FhirResourceStore store;

    protected ResourceTypeProvider(Class<? extends IBaseResource> type, String typeName, FhirResourceStore store) {
        this.type = type;
        this.typeName = typeName;
        this.store = store;
    }

    @Override
    public Class<? extends IBaseResource> getResourceType() {
        return type;
    }

    /** Plain or conditional ({@code If-None-Exist}) create. */
    @Create
    public MethodOutcome create(@ResourceParam IBaseResource resource, @ConditionalUrlParam String ifNoneExist) {
        requireThisType(resource);
        return outcome(store.create(resource, Optional.ofNullable(ifNoneExist)
                .map(condition -> SearchUrls.fromConditionalUrl(typeName, condition))));
    }

    @Read(version = true)
    public IBaseResource read(@IdParam IdType id) {
        Optional<Long> version = VersionIds.of(id);
        return version.isPresent()
                ? store.vread(typeName, id.getIdPart(), version.get())
                : store.read(typeName, id.getIdPart());
    }

    /**
     * Update by id or, for {@code PUT Type?search}, conditional update. HAPI puts the version of an {@code If-Match}
     * header into the id: the update then applies only to that version.
     */
    @Update
    public MethodOutcome update(@IdParam IdType id, @ResourceParam IBaseResource resource,
                                @ConditionalUrlParam String condition) {
        requireThisType(resource);
        if (condition != null) {
            return outcome(store.update(SearchUrls.fromConditionalUrl(typeName, condition), resource));
        }
        Optional<Long> expected = id.hasVersionIdPart() ? Optional.of(id.getVersionIdPartAsLong()) : Optional.empty();
        return outcome(store.update(typeName, id.getIdPart(), resource, expected));
    }

    /** Delete by id or, for {@code DELETE Type?search}, conditional delete. */
    @Delete
    public MethodOutcome delete(@IdParam IdType id, @ConditionalUrlParam String condition) {
        if (condition != null) {
            store.delete(SearchUrls.fromConditionalUrl(typeName, condition));
        } else {
            store.delete(typeName, id.getIdPart());
        }
        return new MethodOutcome();
    }

    /** {@code GET Type?...} and {@code POST Type/_search}; paging links repeat the search with {@code _offset}. */
    @Search(allowUnknownParams = true)
    public IBundleProvider search(RequestDetails request) {
        SearchQuery query = SearchRequests.toQuery(typeName, request);
        return new SearchPage(query, store.search(query));
    }

    @History
    public IBundleProvider instanceHistory(@IdParam IdType id, @Since Date since, @Offset Integer offset,
                                           @Count Integer count) {
        HistoryQuery query = SearchRequests.historyQuery(since, offset, count);
        return SearchRequests.historyPage(query, store.history(typeName, id.getIdPart(), query));
    }

    @History
    public IBundleProvider typeHistory(@Since Date since, @Offset Integer offset, @Count Integer count) {
        HistoryQuery query = SearchRequests.historyQuery(since, offset, count);
        return SearchRequests.historyPage(query, store.history(typeName, query));
    }

    /** {@code $validate}: 200 with an OperationOutcome listing what would be refused; nothing is stored. */
    @Validate
    public MethodOutcome validate(@ResourceParam IBaseResource resource) {
        requireThisType(resource);
        List<InvalidElement> errors = store.validate(resource);
        OperationOutcome outcome = ValidationIssues.addTo(new OperationOutcome(), errors);
        if (errors.isEmpty()) {
            outcome.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                    .setCode(OperationOutcome.IssueType.INFORMATIONAL).setDiagnostics("No errors: the resource conforms to R4");
        }
        MethodOutcome result = new MethodOutcome();
        result.setOperationOutcome(outcome);
        return result;
    }

    protected FhirResourceStore store() {
        return store;
    }

    private void requireThisType(IBaseResource resource) {
        if (!type.isInstance(resource)) {
            throw new InvalidRequestException("The body is not a " + typeName + " resource");
        }
    }

    /** The written resource for {@code Prefer: return=representation}, an outcome for {@code return=OperationOutcome}. */
    private static MethodOutcome outcome(WriteResult result) {
        MethodOutcome outcome = new MethodOutcome(result.resource().getIdElement(), result.created());
        outcome.setResource(result.resource());
        OperationOutcome done = new OperationOutcome();
        done.addIssue().setSeverity(OperationOutcome.IssueSeverity.INFORMATION)
                .setCode(OperationOutcome.IssueType.INFORMATIONAL)
                .setDiagnostics((result.created() ? "Created " : "Updated ")
                        + result.resource().getIdElement().toUnqualified().getValue());
        outcome.setOperationOutcome(done);
        return outcome;
    }
}
