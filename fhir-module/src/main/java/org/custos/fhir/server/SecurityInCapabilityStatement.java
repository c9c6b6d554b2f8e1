package org.custos.fhir.server;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import org.hl7.fhir.instance.model.api.IBaseConformance;
import org.hl7.fhir.r4.model.CapabilityStatement;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.UriType;

/**
 * Tells clients in {@code /metadata} how to authenticate: OAuth2 bearer tokens from the configured issuer, with its
 * token and authorization endpoints (the SMART "oauth-uris" extension that FHIR clients look for).
 */
@Interceptor
public class SecurityInCapabilityStatement {

    private static final String SECURITY_SERVICE_SYSTEM = "http://terminology.hl7.org/CodeSystem/restful-security-service";
    private static final String OAUTH_URIS = "http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris";

    private final String issuer;

    public SecurityInCapabilityStatement(String issuer) {
        this.issuer = issuer;
    }

    @Hook(Pointcut.SERVER_CAPABILITY_STATEMENT_GENERATED)
    public void describeSecurity(IBaseConformance generated) {
        CapabilityStatement statement = (CapabilityStatement) generated;
        for (CapabilityStatement.CapabilityStatementRestComponent rest : statement.getRest()) {
            CapabilityStatement.CapabilityStatementRestSecurityComponent security = rest.getSecurity();
            security.setCors(false);
            security.addService().addCoding().setSystem(SECURITY_SERVICE_SYSTEM).setCode("OAuth").setDisplay("OAuth");
            security.setDescription("OAuth2 bearer access tokens issued by " + issuer
                    + " for the audience fhir-api; staff log in with password and TOTP.");
            Extension uris = security.addExtension().setUrl(OAUTH_URIS);
            uris.addExtension("token", new UriType(issuer + "/protocol/openid-connect/token"));
            uris.addExtension("authorize", new UriType(issuer + "/protocol/openid-connect/auth"));
        }
    }
}
