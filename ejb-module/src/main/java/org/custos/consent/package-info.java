/**
 * Patient consent (issue 8): deciding from a patient's R4 {@code Consent} resources (scope patient-privacy) and the
 * tenant's default policy whether one access to one of their resources is permitted — the one decision point every
 * path that returns patient data will ask ({@link org.custos.consent.ConsentEvaluator}). Pure logic over the
 * resources; fails closed.
 */
package org.custos.consent;
