package org.custos.admin;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.custos.identity.Roles;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * The admin API. {@code @LoginConfig} switches the whole web module (FHIR servlet included) to MicroProfile JWT
 * bearer authentication against Keycloak.
 */
@ApplicationPath("/api/admin")
@LoginConfig(authMethod = "MP-JWT", realmName = "custos")
@DeclareRoles({Roles.ADMIN, Roles.CLINICIAN, Roles.NURSE, Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PATIENT,
        Roles.EHR_CLIENT})
public class AdminApi extends Application {
}
