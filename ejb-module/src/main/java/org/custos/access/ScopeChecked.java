package org.custos.access;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Binds a FHIR data service to the SMART scope check ({@link ScopeInterceptor}). Every business method of such a
 * service declares what it does with {@link Requires}; one that does not is refused.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface ScopeChecked {
}
