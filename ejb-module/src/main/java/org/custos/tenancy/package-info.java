/**
 * Tenant isolation. Every table carries a {@code tenant_id} column that EclipseLink's single-table multitenancy
 * ({@link org.custos.tenancy.TenantColumn}) adds to every query, insert and update; the tenant value is set on the
 * transaction's EntityManager by one interceptor ({@link org.custos.tenancy.TenantScoped}) from the caller's token.
 * Services never write tenant filters by hand, and an EntityManager without a tenant cannot query at all. Under
 * that filter, PostgreSQL row-level security ({@link org.custos.tenancy.RowSecurity}) keeps every connection of a
 * tenant's transaction to that tenant's rows of the PHI tables, and platform jobs to transactions of their own.
 */
package org.custos.tenancy;
