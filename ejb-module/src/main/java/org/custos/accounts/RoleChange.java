package org.custos.accounts;

import java.util.List;

import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.Size;

/** The staff roles an account is to have from now on, all of them (a bean: see {@link NewStaffAccount}). */
public class RoleChange {

    @NotEmpty
    @Size(max = 5)
    private List<String> roles;

    public List<String> getRoles() {
        return roles;
    }

    public void setRoles(List<String> roles) {
        this.roles = roles;
    }
}
