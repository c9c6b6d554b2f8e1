-- Composite search parameters (Observation code-value-quantity, component-code-value-quantity, ...): one row per
-- pair of values taken from the same element (the resource, or one Observation.component), so that
-- 8480-6$gt140 matches a systolic value, never a code of one component with the value of another.
CREATE TABLE fhir_search_composite (
    tenant_id         VARCHAR(64)  NOT NULL,
    resource_pk       BIGINT       NOT NULL REFERENCES fhir_resource (pk) ON DELETE CASCADE,
    param_name        VARCHAR(100) NOT NULL,
    -- First component: always a token in the composites this server answers.
    token_system      VARCHAR(512),
    token_value       VARCHAR(512) NOT NULL,
    -- Second component, in the columns of its type.
    value_system      VARCHAR(512),
    value_code        VARCHAR(512),
    num_value         NUMERIC,
    quantity_system   VARCHAR(512),
    quantity_code     VARCHAR(512),
    low_value         TIMESTAMPTZ,
    high_value        TIMESTAMPTZ,
    value_normalized  VARCHAR(512),
    value_exact       VARCHAR(512)
);
CREATE INDEX fhir_search_composite_lookup ON fhir_search_composite (tenant_id, param_name, token_value);
CREATE INDEX fhir_search_composite_resource ON fhir_search_composite (resource_pk);
