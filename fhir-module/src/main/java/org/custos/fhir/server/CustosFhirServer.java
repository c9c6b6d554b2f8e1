package org.custos.fhir.server;

import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.server.IResourceProvider;
import ca.uhn.fhir.rest.server.RestfulServer;
import org.custos.fhir.store.FhirContexts;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The FHIR R4 endpoint ({@code /fhir}). Registered as a servlet by web-module; its providers are CDI beans so
 * they receive the EJB services by injection.
 */
public class CustosFhirServer extends RestfulServer {

    private static final long serialVersionUID = 1L;

    @Inject
    transient Instance<IResourceProvider> resourceProviders;

    @Inject
    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    public CustosFhirServer() {
        super(FhirContexts.r4());
    }

    @Override
    protected void initialize() {
        setDefaultResponseEncoding(EncodingEnum.JSON);
        resourceProviders.forEach(this::registerProvider);
        registerInterceptor(new OperationOutcomeErrors());
        registerInterceptor(new SecurityInCapabilityStatement(issuer));
    }
}
