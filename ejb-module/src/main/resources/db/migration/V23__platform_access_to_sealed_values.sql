-- Every sealed value is platform work's too: the re-encryption job seals break-the-glass reasons and review comments
-- (V21) and bulk-export files (V12) again under a new data key, and the key inventory counts them, both across
-- tenants with custos.platform bound (V10). Those two tables' policies left the platform out, so a rotation passed
-- them by and the inventory reported their old key unused. Tenants still see only their own rows.
DROP POLICY tenant_rows ON break_glass_grant;
CREATE POLICY tenant_rows ON break_glass_grant
    USING (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on')
    WITH CHECK (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on');

DROP POLICY tenant_rows ON fhir_export_file;
CREATE POLICY tenant_rows ON fhir_export_file
    USING (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on')
    WITH CHECK (tenant_id = current_setting('custos.tenant', true) OR current_setting('custos.platform', true) = 'on');
