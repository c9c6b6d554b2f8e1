/**
 * Patient consent (issue 8): whether the caller may see — or change, or pass on — each stored resource, as the
 * patient's R4 {@code Consent}s (scope patient-privacy) and the tenant's default policy decide. Owns the decision
 * ({@link org.custos.consent.ConsentEvaluator}, pure logic, fails closed), the one decision point every path asks
 * ({@link org.custos.consent.ConsentGate}: reads through {@link org.custos.consent.ConsentInterceptor}, searches,
 * history and exports through the store's {@link org.custos.fhir.store.Visibility}), break-the-glass grants and
 * their review queue ({@link org.custos.consent.BreakGlass}), and the privacy office's consent listing and
 * revocation ({@link org.custos.consent.ConsentDirectory}).
 */
package org.custos.consent;
