/**
 * Staff accounts of a tenant, kept in Keycloak and managed by the tenant's administrators through
 * keycloak-admin-client: listing, creation with a role and the required TOTP set-up, disabling (which also ends the
 * user's sessions and revokes their tokens at once) and enabling. Administrators see and touch only their own
 * tenant's accounts.
 */
package org.custos.accounts;
