package org.custos.audit;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.enterprise.util.Nonbinding;
import jakarta.interceptor.InterceptorBinding;

/**
 * Records every call of the method in the audit trail ({@link AuditInterceptor}): who, what, on which resource and
 * which patients, with what outcome, from where.
 */
@InterceptorBinding
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
public @interface Audited {

    /** The action recorded: {@code read}, {@code search}, {@code create}, {@code disable-account}, ... */
    @Nonbinding
    String value() default "";

    /**
     * What the action is on when the arguments do not say it as a FHIR interaction's do (type first, then id): a
     * {@code StaffAccount} named by a username, the {@code Patient} of {@code $everything}; empty for FHIR
     * interactions, whose resource comes from the arguments and the result.
     */
    @Nonbinding
    String target() default "";

    /** Which argument is the target's id (with {@link #target()}); -1 when none is (e.g. a listing's filter). */
    @Nonbinding
    int idArgument() default 0;

    /** The HTTP status the caller gets when the call succeeds, when it is not 200 (201 for creations is known). */
    @Nonbinding
    int success() default 200;
}
