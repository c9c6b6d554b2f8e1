package org.custos.tenancy;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import org.custos.identity.CurrentCaller;

/**
 * The one place the tenant reaches the persistence layer. Runs inside the service's container-managed transaction,
 * so the property lands on the same transaction-scoped EntityManager the service uses.
 */
@TenantScoped
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class TenantScopeInterceptor {

    @PersistenceContext(unitName = "custos")
    EntityManager entityManager;

    @Inject
    CurrentCaller currentCaller;

    @AroundInvoke
    public Object scopeToCallersTenant(InvocationContext invocation) throws Exception {
        String tenant = currentCaller.get().tenant().orElseThrow(NoTenantException::new);
        entityManager.setProperty(TenantColumn.CONTEXT_PROPERTY, tenant);
        return invocation.proceed();
    }
}
