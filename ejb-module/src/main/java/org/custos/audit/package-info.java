/**
 * The audit trail: one record per access to PHI and per administrative action, written by one interceptor
 * ({@link org.custos.audit.AuditInterceptor}) on the services every entry point passes, in the same transaction as
 * what it records and before any data leaves — if the record cannot be written, the operation fails (503). Ids
 * only, never PHI values; append-only in the database.
 */
package org.custos.audit;
