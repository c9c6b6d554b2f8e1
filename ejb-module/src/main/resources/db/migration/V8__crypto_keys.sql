-- The key ids the application has used, and since when: for the rotation warning (a primary key older than
-- custos.crypto.rotation-days) and for operators deciding which key may be disabled.
CREATE TABLE crypto_key (
    keyset      VARCHAR(16)  NOT NULL,
    key_id      BIGINT       NOT NULL,
    first_seen  TIMESTAMPTZ  NOT NULL DEFAULT now(),
    PRIMARY KEY (keyset, key_id)
);
