-- FHIR resource store. Every table carries tenant_id: EclipseLink's single-table multitenancy adds it to every
-- statement, so a query can never cross tenants.

CREATE TABLE fhir_resource (
    pk            BIGSERIAL PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    resource_type VARCHAR(64)  NOT NULL,
    resource_id   VARCHAR(64)  NOT NULL,
    version_id    BIGINT       NOT NULL,
    last_updated  TIMESTAMPTZ  NOT NULL,
    deleted       BOOLEAN      NOT NULL DEFAULT FALSE,
    CONSTRAINT fhir_resource_logical_id UNIQUE (tenant_id, resource_type, resource_id)
);

CREATE TABLE fhir_resource_version (
    pk            BIGSERIAL PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    resource_pk   BIGINT       NOT NULL REFERENCES fhir_resource (pk),
    version_id    BIGINT       NOT NULL,
    last_updated  TIMESTAMPTZ  NOT NULL,
    deleted       BOOLEAN      NOT NULL,
    -- NULL for the version that records a delete.
    resource_json TEXT,
    CONSTRAINT fhir_resource_version_unique UNIQUE (resource_pk, version_id)
);

-- Search index of the current version: one row per extracted value. A later migration encrypts these values
-- behind blind indexes; only fhir.store.SearchIndex writes or reads them.
CREATE TABLE fhir_search_token (
    pk            BIGSERIAL PRIMARY KEY,
    tenant_id     VARCHAR(64)  NOT NULL,
    resource_pk   BIGINT       NOT NULL REFERENCES fhir_resource (pk) ON DELETE CASCADE,
    param_name    VARCHAR(100) NOT NULL,
    token_system  VARCHAR(512),
    token_value   VARCHAR(512) NOT NULL
);
CREATE INDEX fhir_search_token_lookup ON fhir_search_token (tenant_id, param_name, token_value);
CREATE INDEX fhir_search_token_resource ON fhir_search_token (resource_pk);

CREATE TABLE fhir_search_string (
    pk               BIGSERIAL PRIMARY KEY,
    tenant_id        VARCHAR(64)  NOT NULL,
    resource_pk      BIGINT       NOT NULL REFERENCES fhir_resource (pk) ON DELETE CASCADE,
    param_name       VARCHAR(100) NOT NULL,
    value_normalized VARCHAR(512) NOT NULL,
    value_exact      VARCHAR(512) NOT NULL
);
CREATE INDEX fhir_search_string_prefix ON fhir_search_string (tenant_id, param_name, value_normalized text_pattern_ops);
CREATE INDEX fhir_search_string_resource ON fhir_search_string (resource_pk);
