/**
 * Who is calling: access-token verification ({@link org.custos.identity.TokenVerifier}: pinned algorithm, issuer,
 * audience, expiry against Keycloak's JWKS), the revocation list that refuses tokens of ended sessions at their next
 * use ({@link org.custos.identity.Revocations}, fed by back-channel logout: {@link org.custos.identity.LogoutTokens}),
 * and the {@link org.custos.identity.Caller} built from the verified token only (subject, username, client, tenant,
 * roles), and the role names the services authorize against. Nothing here trusts a header or parameter the caller
 * sets.
 */
package org.custos.identity;
