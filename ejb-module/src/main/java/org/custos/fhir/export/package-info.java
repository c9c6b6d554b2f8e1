/**
 * FHIR Bulk Data {@code $export} (system, Patient and Group level) following the Bulk Data Access IG's asynchronous
 * pattern: a job is kicked off, runs in the background under the requesting client's identity (so tenancy and roles
 * apply as to any request), writes NDJSON per resource type, and its status and files are served only to the client
 * that started it.
 */
package org.custos.fhir.export;
