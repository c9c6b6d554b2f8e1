/**
 * HTTP plumbing shared by the FHIR endpoint and the admin API: bearer-token authentication, request ids (honoured or generated, echoed as
 * {@code X-Request-Id}) and the answers to requests the container refuses before any application code runs
 * (401 with {@code WWW-Authenticate}, 403), as OperationOutcome or problem JSON.
 */
package org.custos.web;
