package org.custos.fhir.server;

import java.util.List;

import jakarta.inject.Inject;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.custos.audit.Refusals;
import org.custos.fhir.provider.ResourceProviders;
import org.custos.fhir.store.FhirContexts;
import org.custos.fhir.store.FhirResourceStore;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The FHIR R4 endpoint ({@code /fhir}). Registered as a servlet by web-module; it serves every R4 resource type
 * through the providers of the injected {@link ResourceProviders}, which hold the EJB store.
 */
public class CustosFhirServer extends RestfulServer {

    private static final long serialVersionUID = 1L;

    @Inject
    transient ResourceProviders providers;

    @Inject
    transient FhirResourceStore store;

    @Inject
    transient Refusals refusals;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    public CustosFhirServer() {
        super(FhirContexts.r4());
    }

    @Override
    protected void initialize() {
        setDefaultResponseEncoding(EncodingEnum.JSON);
        setResourceProviders(List.copyOf(providers.perResourceType()));
        registerProvider(providers.system());
        registerInterceptor(new OperationOutcomeErrors(refusals));
        registerInterceptor(new StoredJsonReads(store));
        registerInterceptor(new SecurityInCapabilityStatement(issuer));
        registerInterceptor(new SearchInCapabilityStatement());
    }
}
