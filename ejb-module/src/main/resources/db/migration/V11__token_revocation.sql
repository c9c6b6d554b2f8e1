-- Revoked logins, so that an access token stops working at its next call rather than when it expires: Keycloak
-- reports ended sessions through OpenID Connect back-channel logout (one row per session id), and the application
-- revokes every session of a user it disables (one row per subject, for tokens issued before). In the database, so
-- that every application server of a cluster refuses the same tokens. Platform-wide (sessions are the identity
-- provider's), no tenant column. Rows outlive any token they concern and are then removed.
CREATE TABLE revoked_session (
    session_id  VARCHAR(128) PRIMARY KEY,
    subject     VARCHAR(255),
    revoked_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);

CREATE TABLE revoked_subject (
    subject     VARCHAR(255) PRIMARY KEY,
    -- Tokens of this subject issued before this instant are refused.
    not_before  TIMESTAMPTZ  NOT NULL,
    revoked_at  TIMESTAMPTZ  NOT NULL DEFAULT now()
);
