/**
 * FHIR search: extracting index values from resources by the R4 SearchParameter definitions
 * ({@link org.custos.fhir.search.SearchIndexer}), storing them ({@link org.custos.fhir.search.SearchIndexWriter}),
 * and turning search syntax ({@link org.custos.fhir.search.SearchUrls}) into tenant-restricted SQL
 * ({@link org.custos.fhir.search.SearchStatement}, {@link org.custos.fhir.search.IncludeStatement}). Index values
 * are written and compared only here: the seam where a later change encrypts them as blind indexes.
 */
package org.custos.fhir.search;
