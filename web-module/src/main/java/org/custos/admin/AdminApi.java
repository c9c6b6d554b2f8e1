package org.custos.admin;

import jakarta.annotation.security.DeclareRoles;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

import org.custos.identity.Roles;

/** The admin API. Authentication is the web module's bearer-token mechanism; authorization is per resource. */
@ApplicationPath("/api/admin")
@DeclareRoles({Roles.ADMIN, Roles.CLINICIAN, Roles.NURSE, Roles.AUDITOR, Roles.PRIVACY_OFFICER, Roles.PATIENT,
        Roles.EHR_CLIENT})
public class AdminApi extends Application {
}
