/**
 * Who is calling: the {@link org.custos.identity.Caller} built from the validated MicroProfile JWT only (subject,
 * username, client, tenant, roles), and the role names the services authorize against. Nothing here trusts a
 * header or parameter the caller sets.
 */
package org.custos.identity;
