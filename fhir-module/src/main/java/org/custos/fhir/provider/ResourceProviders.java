package org.custos.fhir.provider;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletResponse;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Offset;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.api.server.IBundleProvider;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.audit.AuditSearch;
import org.custos.fhir.bundle.BundleService;
import org.custos.fhir.export.BulkExport;
import org.custos.fhir.export.ExportJob;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.FhirResourceStore;
import org.custos.fhir.store.HistoryQuery;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.InstantType;

/**
 * Everything the FHIR endpoint serves: a {@link ResourceTypeProvider} for every R4 resource type (the audit
 * trail's read-only {@link AuditEventProvider} for AuditEvent), and the
 * system-level interactions (history of all types), all over the one injected store.
 */
@ApplicationScoped
public class ResourceProviders {

    @Inject
    FhirResourceStore store;

    @Inject
    BundleService bundles;

    @Inject
    BulkExport export;

    @Inject
    AuditSearch trail;

    /** One provider per R4 resource type. */
    public List<IResourceProvider> perResourceType() {
        FhirContext context = FhirContexts.r4();
        List<IResourceProvider> providers = new ArrayList<>();
        for (String typeName : context.getResourceTypes()) {
            providers.add(switch (typeName) {
                case "Patient" -> new PatientProvider(store, export, trail);
                case AuditEventProvider.TYPE -> new AuditEventProvider(trail);
                case "Group" -> new GroupProvider(store, export);
                default -> new ResourceTypeProvider(context.getResourceDefinition(typeName).getImplementingClass(),
                        typeName, store);
            });
        }
        return providers;
    }

    /** The plain provider of system-level interactions. */
    public Object system() {
        return new SystemLevel(store, bundles, export);
    }

    /** {@code GET /_history} and {@code POST /} (transaction and batch bundles). */
    public static final class SystemLevel {
        private final FhirResourceStore store;
        private final BundleService bundles;
        private final BulkExport export;

        SystemLevel(FhirResourceStore store, BundleService bundles, BulkExport export) {
            this.store = store;
            this.bundles = bundles;
            this.export = export;
        }

        /** Bulk Data kick-off for everything of the caller's tenant. */
        @Operation(name = "$export", idempotent = true, manualResponse = true)
        public void export(@OperationParam(name = "_type") String types, @OperationParam(name = "_since") InstantType since,
                           @OperationParam(name = "_outputFormat") String outputFormat, RequestDetails request,
                           HttpServletResponse response) {
            ExportKickOff.start(export, ExportJob.Level.SYSTEM, Optional.empty(), types, since, outputFormat, request,
                    response);
        }

        /** A transaction (all or nothing) or a batch (each entry on its own). */
        @Transaction
        public Bundle transactionOrBatch(@TransactionParam Bundle bundle, RequestDetails request) {
            boolean representation = RestfulServerUtils.parsePreferHeader(request.getHeader(Constants.HEADER_PREFER))
                    .getReturn() == PreferReturnEnum.REPRESENTATION;
            return switch (bundle.getType()) {
                case TRANSACTION -> bundles.transaction(bundle, representation);
                case BATCH -> bundles.batch(bundle, representation);
                default -> throw new InvalidRequestException("Only transaction and batch bundles can be posted here");
            };
        }

        @History
        public IBundleProvider systemHistory(@Since Date since, @Offset Integer offset, @Count Integer count) {
            HistoryQuery query = SearchRequests.historyQuery(since, offset, count);
            return SearchRequests.historyPage(query, store.history(null, query));
        }
    }
}
