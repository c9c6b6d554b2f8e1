-- Defence in depth under EclipseLink's tenant filter: PostgreSQL row-level security on the tables that hold PHI
-- content. A statement sees and writes only rows of the tenant bound to its transaction (custos.tenant, set by the
-- application's tenant scope with set_config(..., true), so it ends with the transaction and never outlives a
-- pooled connection's use); without a bound tenant it sees nothing. FORCE: the application role owns the tables and
-- would otherwise be exempt. Platform work across tenants (re-encryption, key inventory) binds custos.platform
-- instead, in its own transactions. Superusers (backups, operators) are not subject to RLS.
--
-- The search-index tables are not under RLS: their PHI values are blind indexes, every search result is read through
-- fhir_resource and fhir_resource_version (which are), and with a policy PostgreSQL could no longer use indexes for
-- LIKE and numeric comparisons (their operators are not leakproof).

ALTER TABLE fhir_resource ENABLE ROW LEVEL SECURITY;
ALTER TABLE fhir_resource FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON fhir_resource
    USING (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on')
    WITH CHECK (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on');

ALTER TABLE fhir_resource_version ENABLE ROW LEVEL SECURITY;
ALTER TABLE fhir_resource_version FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON fhir_resource_version
    USING (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on')
    WITH CHECK (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on');

ALTER TABLE fhir_export_job ENABLE ROW LEVEL SECURITY;
ALTER TABLE fhir_export_job FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON fhir_export_job
    USING (tenant_id = current_setting('custos.tenant', true))
    WITH CHECK (tenant_id = current_setting('custos.tenant', true));

ALTER TABLE fhir_export_file ENABLE ROW LEVEL SECURITY;
ALTER TABLE fhir_export_file FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_rows ON fhir_export_file
    USING (tenant_id = current_setting('custos.tenant', true))
    WITH CHECK (tenant_id = current_setting('custos.tenant', true));
