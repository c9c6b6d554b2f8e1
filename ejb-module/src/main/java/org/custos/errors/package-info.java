/**
 * How a failure inside the services is told to a caller: status and a message safe to show (no PHI). The FHIR
 * error interceptor and the admin API's exception mapper both ask {@link org.custos.errors.Failure}, so a refusal
 * means the same on both paths.
 */
package org.custos.errors;
