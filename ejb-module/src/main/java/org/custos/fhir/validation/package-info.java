/**
 * Validation of every resource before it is stored, with HAPI's instance validator against the R4 core
 * StructureDefinitions (less their warning invariants, which never refuse anything, and ele-1 and the formats of
 * primitive values, which are checked natively) and the value sets it ships. The validator is built and warmed once,
 * at deployment.
 */
package org.custos.fhir.validation;
