/**
 * Tenants — the hospitals and clinics that share a deployment — and their settings (consent default, audit
 * retention, request rate): created by platform administrators together with their Keycloak group (whose
 * {@code tenant} attribute the tokens carry), configured by their own administrators, and the per-tenant request
 * budget the API enforces.
 */
package org.custos.tenants;
