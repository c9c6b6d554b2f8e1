package org.custos.identity;

/** Realm roles of the Keycloak realm "hospital" that the services authorize against. */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String CLINICIAN = "clinician";
    public static final String NURSE = "nurse";
    public static final String AUDITOR = "auditor";
    public static final String PRIVACY_OFFICER = "privacy-officer";
    public static final String PATIENT = "patient";
    /** Given to the service accounts of external EHR systems (client credentials). */
    public static final String EHR_CLIENT = "ehr-client";
    /**
     * Operates the deployment itself: creates tenants, manages the platform's encryption keys. Belongs to no tenant
     * and reads no patient data.
     */
    public static final String PLATFORM_ADMIN = "platform-admin";

    private Roles() {
    }
}
