/**
 * HAPI resource providers, one per resource type. They only translate between FHIR interactions and calls of the
 * EJB services in {@code org.custos.fhir.store}; authorization, tenancy and (later) audit and consent happen there.
 */
package org.custos.fhir.provider;
