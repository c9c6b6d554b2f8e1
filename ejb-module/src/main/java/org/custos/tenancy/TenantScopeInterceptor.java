package org.custos.tenancy;

import jakarta.annotation.Priority;
import jakarta.annotation.Resource;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Status;
import jakarta.transaction.TransactionSynchronizationRegistry;

import org.custos.identity.CurrentCaller;

/**
 * The one place the tenant reaches the persistence layer. Runs inside the service's container-managed transaction,
 * so the property lands on the same transaction-scoped EntityManager the service uses — and records the tenant
 * on the transaction, so that every database connection the transaction uses is bound to it for PostgreSQL's
 * row-level security ({@link RowSecurityBinding}), the second wall should a statement ever miss EclipseLink's filter.
 */
@TenantScoped
@Interceptor
@Priority(Interceptor.Priority.PLATFORM_AFTER + 100)
public class TenantScopeInterceptor {

    @PersistenceContext(unitName = "custos")
    EntityManager entityManager;

    @Inject
    CurrentCaller currentCaller;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @AroundInvoke
    public Object scopeToCallersTenant(InvocationContext invocation) throws Exception {
        String tenant = currentCaller.get().tenant().orElseThrow(NoTenantException::new);
        entityManager.setProperty(TenantColumn.CONTEXT_PROPERTY, tenant);
        // Outside a transaction there is no connection to bind; the protected tables then show no rows at all.
        if (transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.putResource(RowSecurityBinding.TENANT, tenant);
        }
        return invocation.proceed();
    }
}
