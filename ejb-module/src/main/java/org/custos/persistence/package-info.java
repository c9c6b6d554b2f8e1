/**
 * The database schema: Flyway migrations (classpath {@code db/migration}) applied to the {@code jdbc/custos} data
 * source at deployment, before any request is served, after the connection's transport security is checked
 * (TLS required in the production profile), run by the schema's owner role where one is configured, which then grants
 * the application's role rows only; and the readiness check that reports whether they ran.
 */
package org.custos.persistence;
