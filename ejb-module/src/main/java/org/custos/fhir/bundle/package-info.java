/**
 * FHIR {@code transaction} and {@code batch} bundles: the order of processing, {@code urn:uuid} and conditional
 * references, and the response bundle. Every entry is carried out by {@link org.custos.fhir.store.FhirResourceStore},
 * so roles, tenancy, validation (and later audit and consent) apply to each entry exactly as to a single request.
 */
package org.custos.fhir.bundle;
