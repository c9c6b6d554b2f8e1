package org.custos.accounts;

import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A staff account to create: the person signs in the first time with a link Keycloak e-mails, sets a password and
 * registers a TOTP authenticator.
 *
 * @param role one staff role; every one of them requires MFA in the realm
 */
public record NewStaffAccount(
        @NotBlank @Pattern(regexp = "[a-z0-9][a-z0-9._-]{2,63}") String username,
        @NotBlank @Size(max = 100) String firstName,
        @NotBlank @Size(max = 100) String lastName,
        @NotBlank @Email @Size(max = 254) String email,
        @NotBlank @Pattern(regexp = "admin|clinician|nurse|auditor|privacy-officer") String role) {
}
