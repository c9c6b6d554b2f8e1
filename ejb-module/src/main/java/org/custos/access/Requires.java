package org.custos.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * What a method of a {@link ScopeChecked} service does, for the scope check: the permission it needs on its resource
 * type, and how it is confined when the caller may only see one patient's compartment.
 */
@Target(ElementType.METHOD)
@Retention(RetentionPolicy.RUNTIME)
public @interface Requires {

    Permission value();

    /**
     * The resource type the permission is needed on; empty: the type of the method's first argument that names one
     * (a type name, a resource, a search, an export request), a {@code null} type meaning every type.
     */
    String resourceType() default "";

    /** How a patient-context caller is confined. */
    InPatientContext inPatientContext();

    enum InPatientContext {
        /** The resources returned must be in the compartment; otherwise it is as if they did not exist (404). */
        CHECK_RESULT,
        /** The search is restricted to the compartment; what it includes is filtered to it. */
        CONFINE_SEARCH,
        /** The first argument is a patient id, which must be the patient in context; includes are filtered. */
        OWN_PATIENT,
        /** Returns no stored data (e.g. {@code $validate}). */
        NO_STORED_DATA,
        /**
         * Writes: a patient writes only their own consents — the resource must be a Consent about them, and one it
         * replaces must be theirs too; anything else is refused.
         */
        OWN_CONSENTS_ONLY,
        /** Not available to a patient-context caller (writes, history across resources, bulk export). */
        REFUSED
    }
}
