package org.custos.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A staff account to create: the person signs in the first time with a link Keycloak e-mails, verifies the address,
 * sets a password and registers a TOTP authenticator. A bean rather than a record: Payara's OpenAPI generator fails
 * on Bean Validation annotations of record components.
 */
public class NewStaffAccount {

    @NotBlank
    @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,63}")
    private String username;

    @NotBlank
    @Size(max = 100)
    private String firstName;

    @NotBlank
    @Size(max = 100)
    private String lastName;

    @NotBlank
    @Email
    @Size(max = 254)
    private String email;

    /** One staff role; every one of them requires MFA in the realm. */
    @NotBlank
    @Pattern(regexp = "admin|clinician|nurse|auditor|privacy-officer")
    private String role;

    public String getUsername() {
        return username;
    }

    public void setUsername(String username) {
        this.username = username;
    }

    public String getFirstName() {
        return firstName;
    }

    public void setFirstName(String firstName) {
        this.firstName = firstName;
    }

    public String getLastName() {
        return lastName;
    }

    public void setLastName(String lastName) {
        this.lastName = lastName;
    }

    public String getEmail() {
        return email;
    }

    public void setEmail(String email) {
        this.email = email;
    }

    public String getRole() {
        return role;
    }

    public void setRole(String role) {
        this.role = role;
    }
}
