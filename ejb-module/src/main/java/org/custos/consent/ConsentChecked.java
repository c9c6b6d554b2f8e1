package org.custos.consent;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Binds a service that returns patient data to the consent check ({@link ConsentInterceptor}). Every business
 * method of such a service declares how consent applies to it; one that does not is refused.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ConsentChecked {

    /** How consent applies to the method. */
    @Nonbinding
    Check value() default Check.UNDECLARED;

    /** How consent applies to a method. */
    enum Check {
        /** Not declared: the call is refused (a method added without thinking about consent must not leak). */
        UNDECLARED,
        /** Decided on the resource its first two arguments name (type, id) before it runs: 403 when denied. */
        NAMED_RESOURCE,
        /**
         * A read of the current version of the resource its first two arguments name: decided like
         * {@link #NAMED_RESOURCE}, by the statement that also fetches that version for the method
         * ({@link org.custos.fhir.store.ReadAhead}).
         */
        CURRENT_RESOURCE,
        /**
         * A change (update, delete) of the resource its first two arguments name, decided before it runs as a
         * correction: 403 when denied. Creating a resource that does not exist yet changes no one's record.
         */
        CHANGED_RESOURCE,
        /** Decided on the Patient its first argument names before it runs, then filtered like a search. */
        NAMED_PATIENT,
        /** The method filters what it returns through the consent gate itself (searches, history, exports). */
        FILTERED_BY_METHOD,
        /** Returns no stored patient data beyond what the caller sent (creation, conditional writes, validation). */
        NO_STORED_DATA
    }
}
