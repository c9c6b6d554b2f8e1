-- Search index rows for the remaining R4 search parameter types. Like the token and string rows, they describe the
-- current version of a resource, carry tenant_id, and are only written and read by org.custos.fhir.search.

CREATE TABLE fhir_search_date (
    tenant_id    VARCHAR(64)  NOT NULL,
    resource_pk  BIGINT       NOT NULL REFERENCES fhir_resource (pk) ON DELETE CASCADE,
    param_name   VARCHAR(100) NOT NULL,
    -- The instants the value covers, [low_value, high_value): 2024-03 covers the whole month.
    low_value    TIMESTAMPTZ  NOT NULL,
    high_value   TIMESTAMPTZ  NOT NULL
);
CREATE INDEX fhir_search_date_low ON fhir_search_date (tenant_id, param_name, low_value);
CREATE INDEX fhir_search_date_high ON fhir_search_date (tenant_id, param_name, high_value);
CREATE INDEX fhir_search_date_resource ON fhir_search_date (resource_pk);

-- Numbers and quantities (quantity_code holds the UCUM code, or the unit when there is no code).
CREATE TABLE fhir_search_quantity (
    tenant_id        VARCHAR(64)  NOT NULL,
    resource_pk      BIGINT       NOT NULL REFERENCES fhir_resource (pk) ON DELETE CASCADE,
    param_name       VARCHAR(100) NOT NULL,
    num_value        NUMERIC      NOT NULL,
    quantity_system  VARCHAR(512),
    quantity_code    VARCHAR(512)
);
CREATE INDEX fhir_search_quantity_value ON fhir_search_quantity (tenant_id, param_name, num_value);
CREATE INDEX fhir_search_quantity_resource ON fhir_search_quantity (resource_pk);

-- Literal references as type + id (joinable to fhir_resource for chains, _include, _revinclude and _has);
-- canonical and external references as url only.
CREATE TABLE fhir_search_reference (
    tenant_id    VARCHAR(64)  NOT NULL,
    resource_pk  BIGINT       NOT NULL REFERENCES fhir_resource (pk) ON DELETE CASCADE,
    param_name   VARCHAR(100) NOT NULL,
    target_type  VARCHAR(64),
    target_id    VARCHAR(64),
    target_url   VARCHAR(512)
);
CREATE INDEX fhir_search_reference_target ON fhir_search_reference (tenant_id, target_id, target_type, param_name);
CREATE INDEX fhir_search_reference_url ON fhir_search_reference (tenant_id, param_name, target_url);
CREATE INDEX fhir_search_reference_resource ON fhir_search_reference (resource_pk);

-- Searches without _sort return resources in the order they were created (stable while others are written):
-- this index serves that order and the type's count.
CREATE INDEX fhir_resource_type_order ON fhir_resource (tenant_id, resource_type, pk) WHERE NOT deleted;
-- _lastUpdated searches and sorts, and type/system history.
CREATE INDEX fhir_resource_last_updated ON fhir_resource (tenant_id, resource_type, last_updated);
CREATE INDEX fhir_resource_version_last_updated ON fhir_resource_version (tenant_id, last_updated);
