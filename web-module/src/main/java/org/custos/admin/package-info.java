/**
 * The admin JAX-RS API under {@code /api/admin}: thin resources over the EJB services, secured by MicroProfile JWT,
 * with one exception mapper that answers every error as RFC 9457 problem JSON.
 */
package org.custos.admin;
