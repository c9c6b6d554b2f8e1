package org.custos.tenancy;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Binds a service to the caller's tenant: before the method runs, the transaction's EntityManager is scoped to the
 * tenant in the caller's token, so every JPA query and write of that transaction sees only that tenant's rows.
 */
@InterceptorBinding
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface TenantScoped {
}
