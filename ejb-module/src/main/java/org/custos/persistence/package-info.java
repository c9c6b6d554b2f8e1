/**
 * The database schema: Flyway migrations (classpath {@code db/migration}) applied to the {@code jdbc/custos} data
 * source at deployment, before any request is served, and the readiness check that reports whether they ran.
 */
package org.custos.persistence;
