/**
 * The FHIR resource store: versioned, tenant-scoped storage of every resource as its full JSON, its history, and
 * the search index extracted from the R4 SearchParameter definitions. {@link org.custos.fhir.store.FhirResourceStore}
 * is the only entry point; FHIR providers and the admin API call it and never touch JPA. What a caller may see of
 * patients' data is asked of {@link org.custos.fhir.store.Visibility} (the consent package decides) before searches,
 * history and exports are paged and counted.
 */
package org.custos.fhir.store;
