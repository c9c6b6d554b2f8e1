/**
 * Tenant isolation. Every table carries a {@code tenant_id} column that EclipseLink's single-table multitenancy
 * ({@link org.custos.tenancy.TenantColumn}) adds to every query, insert and update; the tenant value is set on the
 * transaction's EntityManager by one interceptor ({@link org.custos.tenancy.TenantScoped}) from the caller's token.
 * Services never write tenant filters by hand, and an EntityManager without a tenant cannot query at all.
 */
package org.custos.tenancy;
