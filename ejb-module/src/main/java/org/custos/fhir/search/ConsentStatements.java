package org.custos.fhir.search;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The SQL consent decisions are made from: per resource, the patients it belongs to (the Patient itself, or the
 * patients it refers to in its search parameters, as in a patient's compartment), its security labels, the keys of
 * those patients' Consent resources, and the tenant's default policy — all answered from the search index, without
 * decrypting a resource. A deleted resource keeps these rows, so its history is decided like its content was.
 */
public final class ConsentStatements {

    /** Between the security labels of the facts' label column ({@code system|code} each). */
    public static final String LABEL_SEPARATOR = "\u001f";

    private static final String DEFAULT_POLICY =
            "coalesce((SELECT d.consent_default FROM tenant d WHERE d.tenant_id = ?1), 'permit')";

    private static final String PATIENTS_REFERRED = "SELECT p.target_id FROM fhir_search_reference p"
            + " WHERE p.tenant_id = ?1 AND p.resource_pk = r.pk AND p.target_type = 'Patient'";

    /** The Consents ({@code c}) in force or not, not deleted, with the patient each is about ({@code cp.target_id}). */
    private static final String CONSENT_ROWS = " FROM fhir_search_reference cp JOIN fhir_resource c"
            + " ON c.pk = cp.resource_pk WHERE cp.tenant_id = ?1 AND c.tenant_id = ?1"
            + " AND cp.param_name = '" + SearchIndexer.CONSENT_OF + "' AND cp.target_type = 'Patient'"
            + " AND c.resource_type = 'Consent' AND NOT c.deleted";

    private static final String CONSENTS = "SELECT c.pk" + CONSENT_ROWS
            + " AND (cp.target_id IN (" + PATIENTS_REFERRED + ")"
            + " OR r.resource_type = 'Patient' AND cp.target_id = r.resource_id)";

    /**
     * Columns: key, type, id, the patients referred to (space-separated), the security labels (separated by
     * {@link #LABEL_SEPARATOR}), the keys of the patients' Consents (space-separated), the tenant's default policy
     * ({@code permit} or {@code deny}).
     */
    private static final String SELECT_FACTS = "SELECT r.pk, r.resource_type, r.resource_id,"
            + " array_to_string(ARRAY(SELECT DISTINCT x.target_id FROM (" + PATIENTS_REFERRED + ") x), ' '),"
            + " array_to_string(ARRAY(SELECT coalesce(t.token_system, '') || '|' || t.token_value"
            + " FROM fhir_search_token t WHERE t.tenant_id = ?1 AND t.resource_pk = r.pk AND t.param_name = '"
            + SearchIndexer.SECURITY_LABELS + "'), chr(31)),"
            + " array_to_string(ARRAY(SELECT DISTINCT y.pk FROM (" + CONSENTS + ") y), ' '),"
            + " " + DEFAULT_POLICY;

    private static final String FACTS = SELECT_FACTS + " FROM fhir_resource r WHERE ";

    /** How many columns the facts are: a statement may add columns of its own after them. */
    public static final int FACT_COLUMN_COUNT = 7;

    private ConsentStatements() {
    }

    /**
     * The Consents of the patients the matches belong to, with the tenant's default policy and the number of matches:
     * columns default policy, number of matches, consent key, its patient; one row with null key and patient when
     * there is none. The matches are gathered once, for both: finding their patients visits every one of them, so
     * counting them costs nothing more (the search then need not count them again). For every resource of a type,
     * simply every Consent of the tenant, and no number (null): that would be a count of its own.
     */
    public static String consentsAmong(Matches matches) {
        if (matches.everyResourceOfType()) {
            return "SELECT " + DEFAULT_POLICY + ", NULL::bigint, k.pk, k.patient FROM (SELECT 1) one LEFT JOIN"
                    + " (SELECT c.pk, cp.target_id AS patient" + CONSENT_ROWS + ") k ON TRUE";
        }
        return "WITH m AS MATERIALIZED (SELECT r.pk, r.resource_type, r.resource_id FROM fhir_resource r WHERE "
                + matches.where() + ") SELECT " + DEFAULT_POLICY + ", (SELECT count(*) FROM m), k.pk, k.patient"
                + " FROM (SELECT 1) one LEFT JOIN (SELECT c.pk, cp.target_id AS patient" + CONSENT_ROWS
                + " AND cp.target_id IN (SELECT p.target_id FROM m JOIN fhir_search_reference p ON p.resource_pk = m.pk"
                + " WHERE p.tenant_id = ?1 AND p.target_type = 'Patient'"
                + " UNION SELECT m.resource_id FROM m WHERE m.resource_type = 'Patient')) k ON TRUE";
    }

    /**
     * The facts of the matches that can be denied (Consents are never: they are the policy itself), at most
     * {@code limit} rows: under an opt-in default, those of any patient.
     */
    public static String factsOfAnyPatient(Matches matches, int limit) {
        return FACTS + "(" + matches.where() + ") AND r.resource_type <> 'Consent' AND (r.resource_type = 'Patient'"
                + " OR EXISTS (" + PATIENTS_REFERRED + ")) LIMIT " + limit;
    }

    /** The same for the matches that belong to these patients (those whose consents may deny something). */
    public static Statement factsOfPatients(Matches matches, Collection<String> patientIds, int limit) {
        List<Object> parameters = new ArrayList<>(matches.parameters());
        List<String> placeholders = new ArrayList<>();
        for (String patientId : patientIds) {
            parameters.add(patientId);
            placeholders.add("?" + parameters.size());
        }
        String ids = String.join(", ", placeholders);
        return new Statement(FACTS + "(" + matches.where() + ") AND r.resource_type <> 'Consent'"
                + " AND (r.resource_type = 'Patient' AND r.resource_id IN (" + ids + ") OR EXISTS (" + PATIENTS_REFERRED
                + " AND p.target_id IN (" + ids + "))) LIMIT " + limit, parameters);
    }

    /** The facts of the resources named ({@code Type/id} each); deleted ones included. */
    public static Statement factsOf(List<String> typedIds, String tenant) {
        Sql sql = new Sql(tenant);
        List<String> rows = typedIds.stream().map(typedId -> typedId.split("/", 2))
                .map(typeAndId -> "(" + sql.bind(typeAndId[0]) + ", " + sql.bind(typeAndId[1]) + ")").toList();
        return new Statement(FACTS + sql.tenantOf("r") + " AND (r.resource_type, r.resource_id) IN ("
                + String.join(", ", rows) + ")", sql.parameters());
    }

    /**
     * The facts of one named resource, followed by its current version's columns: version id, last updated, deleted,
     * the sealed JSON and the JSON of a version written before encryption. No row when there is no such resource.
     */
    public static Statement factsWithCurrentVersionOf(String type, String id, String tenant) {
        Sql sql = new Sql(tenant);
        return new Statement(SELECT_FACTS + ", v.version_id, v.last_updated, v.deleted, v.resource_sealed,"
                + " v.resource_json FROM fhir_resource r JOIN fhir_resource_version v ON v.resource_pk = r.pk"
                + " AND v.version_id = r.version_id WHERE " + sql.tenantOf("r") + " AND " + sql.tenantOf("v")
                + " AND r.resource_type = " + sql.bind(type) + " AND r.resource_id = " + sql.bind(id),
                sql.parameters());
    }

    /** The keys of a patient's Consent resources, oldest first. */
    public static Statement consentsOf(String patientId, String tenant) {
        Sql sql = new Sql(tenant);
        return new Statement("SELECT c.pk" + CONSENT_ROWS + " AND cp.target_id = " + sql.bind(patientId)
                + " ORDER BY c.pk", sql.parameters());
    }

    /**
     * Who a practitioner is in consents' actors besides themself: the Organizations of their PractitionerRoles and
     * the CareTeams they take part in ({@code Type/id} each).
     */
    public static Statement memberships(String practitionerType, String practitionerId, String tenant) {
        Sql sql = new Sql(tenant);
        String type = sql.bind(practitionerType);
        String id = sql.bind(practitionerId);
        return new Statement("SELECT 'Organization/' || o.target_id FROM fhir_search_reference m"
                + " JOIN fhir_resource r ON r.pk = m.resource_pk JOIN fhir_search_reference o ON o.resource_pk = r.pk"
                + " WHERE m.tenant_id = ?1 AND r.tenant_id = ?1 AND o.tenant_id = ?1 AND NOT r.deleted"
                + " AND r.resource_type = 'PractitionerRole' AND m.param_name = 'practitioner'"
                + " AND m.target_type = " + type + " AND m.target_id = " + id
                + " AND o.param_name = 'organization' AND o.target_type = 'Organization'"
                + " UNION SELECT 'CareTeam/' || r.resource_id FROM fhir_search_reference m"
                + " JOIN fhir_resource r ON r.pk = m.resource_pk WHERE m.tenant_id = ?1 AND r.tenant_id = ?1"
                + " AND NOT r.deleted AND r.resource_type = 'CareTeam' AND m.param_name = 'participant'"
                + " AND m.target_type = " + type + " AND m.target_id = " + id, sql.parameters());
    }

    /** A statement and its bound values. */
    public record Statement(String sql, List<Object> parameters) {
    }
}
