/**
 * The FHIR resource store: versioned, tenant-scoped storage of every resource as its full JSON, its history, and
 * the search index extracted from the R4 SearchParameter definitions. {@link org.custos.fhir.store.FhirResourceStore}
 * is the only entry point; FHIR providers and the admin API call it and never touch JPA.
 */
package org.custos.fhir.store;
