-- Reference searches (subject=Patient/123, chains) filter by parameter and target id: an index in that order
-- (SearchPlansIT showed the planner scanning the url index for them).
CREATE INDEX fhir_search_reference_param_target ON fhir_search_reference (tenant_id, param_name, target_id);
