/**
 * The DEV-ONLY local stack behind ./run.sh and the integration tests: embedded PostgreSQL, Keycloak backed by it with
 * the hospital realm imported, and the combined WAR on Payara Micro, each a real server process configured the way
 * production configures it (environment variables), with generated dev secrets and the demo users' credentials.
 */
package org.custos.devstack;
