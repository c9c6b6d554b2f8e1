package org.custos.audit;

/** A result of an administrative action that names what it acted on (an account, a client, a tenant). */
public interface AuditTarget {

    /** The id recorded in the audit trail: a username, client id or tenant id — never personal data of patients. */
    String auditId();
}
