/**
 * Anomaly detection over the audit trail: rules with thresholds from MicroProfile Config ({@link
 * org.custos.alerts.AlertRules}) — one user reading many distinct patients, access outside working hours, bursts of
 * refusals or failed authentications, large exports, break-the-glass — evaluated by {@link
 * org.custos.alerts.AnomalyWatch} on the sealed records; the alerts they raise ({@code audit_alert}), listed and
 * acknowledged through {@link org.custos.alerts.Alerts}, and optionally POSTed, HMAC-signed, to a webhook.
 */
package org.custos.alerts;
