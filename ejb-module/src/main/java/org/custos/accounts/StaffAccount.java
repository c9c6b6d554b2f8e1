package org.custos.accounts;

import java.util.List;

import org.custos.audit.AuditTarget;

/** A staff account as administrators see it: never credentials. */
public record StaffAccount(String username, String firstName, String lastName, String email, boolean enabled,
                           List<String> roles) implements AuditTarget {

    @Override
    public String auditId() {
        return username;
    }
}
