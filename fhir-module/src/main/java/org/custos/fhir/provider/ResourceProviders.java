package org.custos.fhir.provider;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Count;
import ca.uhn.fhir.rest.annotation.History;
import ca.uhn.fhir.rest.annotation.Since;
import ca.uhn.fhir.rest.annotation.Transaction;
import ca.uhn.fhir.rest.annotation.TransactionParam;
import ca.uhn.fhir.rest.api.Constants;
import ca.uhn.fhir.rest.api.PreferReturnEnum;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.RestfulServerUtils;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import org.custos.fhir.bundle.BundleService;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.FhirResourceStore;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Everything the FHIR endpoint serves: a {@link ResourceTypeProvider} for every R4 resource type, and the
 * system-level interactions (history of all types), all over the one injected store.
 */
@ApplicationScoped
public class ResourceProviders {

    @Inject
    FhirResourceStore store;

    @Inject
    BundleService bundles;

    /** One provider per R4 resource type. */
    public List<ResourceTypeProvider> perResourceType() {
        FhirContext context = FhirContexts.r4();
        List<ResourceTypeProvider> providers = new ArrayList<>();
        for (String typeName : context.getResourceTypes()) {
            providers.add("Patient".equals(typeName) ? new PatientProvider(store)
                    : new ResourceTypeProvider(context.getResourceDefinition(typeName).getImplementingClass(), typeName,
                    store));
        }
        return providers;
    }

    /** The plain provider of system-level interactions. */
    public Object system() {
        return new SystemLevel(store, bundles);
    }

    /** {@code GET /_history} and {@code POST /} (transaction and batch bundles). */
    public static final class SystemLevel {
        private final FhirResourceStore store;
        private final BundleService bundles;

        SystemLevel(FhirResourceStore store, BundleService bundles) {
            this.store = store;
            this.bundles = bundles;
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
        public List<IBaseResource> systemHistory(@Since Date since, @Count Integer count) {
            return store.history(null, SearchRequests.historyQuery(since, count));
        }
    }
}
