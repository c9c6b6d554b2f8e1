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
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.FhirResourceStore;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * Everything the FHIR endpoint serves: a {@link ResourceTypeProvider} for every R4 resource type, and the
 * system-level interactions (history of all types), all over the one injected store.
 */
@ApplicationScoped
public class ResourceProviders {

    @Inject
    FhirResourceStore store;

    /** One provider per R4 resource type. */
    public List<ResourceTypeProvider> perResourceType() {
        FhirContext context = FhirContexts.r4();
        List<ResourceTypeProvider> providers = new ArrayList<>();
        for (String typeName : context.getResourceTypes()) {
            providers.add(new ResourceTypeProvider(context.getResourceDefinition(typeName).getImplementingClass(),
                    typeName, store));
        }
        return providers;
    }

    /** The plain provider of system-level interactions. */
    public Object system() {
        return new SystemLevel(store);
    }

    /** {@code GET /_history}: the versions of every resource of the caller's tenant, newest first. */
    public static final class SystemLevel {
        private final FhirResourceStore store;

        SystemLevel(FhirResourceStore store) {
            this.store = store;
        }

        @History
        public List<IBaseResource> systemHistory(@Since Date since, @Count Integer count) {
            return store.history(null, SearchRequests.historyQuery(since, count));
        }
    }
}
