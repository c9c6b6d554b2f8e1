/**
 * The HAPI FHIR R4 plain server: the {@code RestfulServer} subclass that collects the resource providers, and the
 * HAPI interceptor that turns every failure into an OperationOutcome carrying the request id and no PHI.
 */
package org.custos.fhir.server;
