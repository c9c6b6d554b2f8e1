-- Alerts raised by the anomaly rules over the audit trail (alerts.AnomalyWatch): stored, listed and acknowledged by
-- privacy officers, optionally delivered to a webhook. dedupe_key makes a rule raise one alert per person/source and
-- window, however often the watcher sees the same burst.
CREATE TABLE audit_alert (
    id                 BIGSERIAL    PRIMARY KEY,
    tenant_id          VARCHAR(64),             -- null: platform (e.g. failed authentications naming no tenant)
    rule               VARCHAR(40)  NOT NULL,
    raised_at          TIMESTAMPTZ  NOT NULL DEFAULT clock_timestamp(),
    actor_subject      VARCHAR(64),
    actor_username     VARCHAR(255),
    source_ip          VARCHAR(64),
    detail             VARCHAR(300) NOT NULL,   -- counts and thresholds, never PHI
    dedupe_key         VARCHAR(300) NOT NULL UNIQUE,
    acknowledged_at    TIMESTAMPTZ,
    acknowledged_by    VARCHAR(255),
    acknowledgement    VARCHAR(500),
    delivered_at       TIMESTAMPTZ,
    delivery_attempts  INTEGER      NOT NULL DEFAULT 0
);
CREATE INDEX audit_alert_tenant ON audit_alert (tenant_id, raised_at);
CREATE INDEX audit_alert_undelivered ON audit_alert (id) WHERE delivered_at IS NULL;

-- How far the watcher has read each audit chain (it reads sealed records only: they are final and in order).
CREATE TABLE audit_alert_cursor (
    chain     VARCHAR(64) PRIMARY KEY,
    last_seq  BIGINT      NOT NULL
);

-- An existing trail is not replayed through the rules at upgrade: the watcher starts at each chain's current head.
INSERT INTO audit_alert_cursor (chain, last_seq) SELECT chain, last_seq FROM audit_chain_head;
