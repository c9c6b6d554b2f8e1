package org.custos.accounts;

import java.util.List;

/** A staff account as administrators see it: never credentials. */
public record StaffAccount(String username, String firstName, String lastName, String email, boolean enabled,
                           List<String> roles) {
}
