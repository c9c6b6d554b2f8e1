package org.custos.admin;

import java.util.Set;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.custos.identity.Roles;

/**
 * The admin API. Authentication is the web module's bearer-token mechanism; authorization is per resource. Its
 * classes are listed, not scanned: the keycloak-admin-client jars bring JAX-RS interfaces and RESTEasy providers that
 * Jersey must not pick up (docs/keycloak-admin-client-on-payara.md).
 */
@ApplicationPath("/api/admin")
@DeclareRoles({Roles.ADMIN, Roles.CLINICIAN, Roles.NURSE, Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PATIENT,
        Roles.EHR_CLIENT, Roles.PLATFORM_ADMIN})
public class AdminApi extends Application {

    @Override
    public Set<Class<?>> getClasses() {
        return Set.of(MeResource.class, PingResource.class, CryptoResource.class, UsersResource.class,
                SignInFailuresResource.class, ClientsResource.class, TenantsResource.class, AuditResource.class,
                AlertsResource.class, ConsentsResource.class, BreakGlassResource.class,
                ProblemExceptionMapper.class);
    }
}
