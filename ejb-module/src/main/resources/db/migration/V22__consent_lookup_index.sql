-- Consent decisions look up a patient's Consents on every read (issue 8). Under the shared search parameter name
-- "patient" that lookup passes every resource of the patient (an Observation's patient is "patient" too), so each
-- Consent's patient is indexed once more under a name of its own, "_consent-of" (SearchIndexer.CONSENT_OF), from
-- now on when a Consent is written, and here for the Consents already stored.
INSERT INTO fhir_search_reference (tenant_id, resource_pk, param_name, target_type, target_id, target_url)
SELECT x.tenant_id, x.resource_pk, '_consent-of', x.target_type, x.target_id, x.target_url
FROM fhir_search_reference x JOIN fhir_resource r ON r.pk = x.resource_pk
WHERE r.resource_type = 'Consent' AND x.param_name = 'patient';
