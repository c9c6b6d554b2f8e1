/**
 * The audit trail: one record per access to PHI and per administrative action, written by one interceptor
 * ({@link org.custos.audit.AuditInterceptor}) on the services every entry point passes, in the same transaction as
 * what it records and before any data leaves — if the record cannot be written, the operation fails (503). Ids
 * only, never PHI values; each record MAC'd by the application, append-only in the database, hash-chained per
 * tenant by {@link org.custos.audit.ChainSealer} with signed checkpoints, verified by
 * {@link org.custos.audit.AuditChains} and the command line ({@link org.custos.audit.AuditVerifyCommand}), searched
 * and accounted per patient by {@link org.custos.audit.AuditSearch}, purged by retention up to a signed anchor
 * ({@link org.custos.audit.AuditRetention}).
 */
package org.custos.audit;
