/**
 * The database schema: Flyway migrations (classpath {@code db/migration}) applied to the {@code jdbc/custos} data
 * source at deployment, before any request is served, after the connection's transport security is checked
 * (TLS required in the production profile), and the readiness check that reports whether they ran.
 */
package org.custos.persistence;
