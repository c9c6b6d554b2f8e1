/**
 * EHR client registrations: the confidential Keycloak clients (client credentials, optionally DPoP-bound) through
 * which a tenant's external EHR systems call the FHIR API — registered with their SMART system scopes, their
 * secrets rotated, disabled — each owned by one tenant and out of every other tenant's reach.
 */
package org.custos.clients;
