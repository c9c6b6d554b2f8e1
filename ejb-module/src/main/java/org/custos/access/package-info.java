/**
 * SMART on FHIR access: what a token's scopes ({@code patient/*.read}, {@code user/Observation.rs},
 * {@code system/*.cruds}, v1 and v2 syntax) allow on top of what its roles allow, and the confinement of
 * patient-context tokens to their patient's compartment. Enforced in one place, {@link org.custos.access.ScopeInterceptor},
 * bound to the FHIR store so every path (FHIR endpoint, bundles, export) passes it.
 */
package org.custos.access;
