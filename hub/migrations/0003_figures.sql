-- Reports through the hub: readers' tokens, and classes' figures sealed to readers.

-- A reader's bearer token (SHA-256), set when it first uses its one-time code (and again
-- with a new code, which replaces it).
ALTER TABLE readers ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX readers_token ON readers (token_hash);

-- A class's figures for a reporting period, as one device sealed them (opaque to the hub):
-- the latest per class, period and device. readers: the fingerprints of the keys they are
-- sealed to, space-separated, so each reader is handed only its own.
CREATE TABLE figures (
    class_id TEXT NOT NULL REFERENCES classes (id),
    period TEXT NOT NULL,
    device TEXT NOT NULL,
    made_at BIGINT NOT NULL,
    stored_at BIGINT NOT NULL,
    readers TEXT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (class_id, period, device)
);
