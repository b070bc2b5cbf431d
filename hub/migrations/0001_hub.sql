-- The hub's data. Portable SQL: a PostgreSQL backend keeps these tables as they are but
-- for BLOB, which it spells BYTEA. Times are Unix seconds (UTC); ids are UUIDs as text.

-- A class the administrator enrolled; its first device binds it to the account that
-- device presents (account stays NULL until then).
CREATE TABLE classes (
    id TEXT PRIMARY KEY,
    school_code TEXT NOT NULL,
    class_name TEXT NOT NULL,
    school_year TEXT NOT NULL,
    account TEXT UNIQUE,
    created_at BIGINT NOT NULL,
    UNIQUE (school_code, class_name, school_year)
);

-- One-time codes, by the SHA-256 of their normalised form only. kind: 'first' (may bind
-- the class) or 'further' (a further device of the bound account). used_device and
-- used_key let the same device repeat an enrolment whose answer it lost.
CREATE TABLE codes (
    code_hash TEXT PRIMARY KEY,
    class_id TEXT NOT NULL REFERENCES classes (id),
    kind TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT,
    used_device TEXT,
    used_key TEXT
);

-- Enrolled devices: their public signing key and the SHA-256 of their bearer token.
CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    account TEXT NOT NULL,
    public_key TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    enrolled_at BIGINT NOT NULL,
    last_seen BIGINT,
    revoked_at BIGINT
);
CREATE INDEX devices_account ON devices (account);

-- Sealed batches, opaque to the hub: numbered per device from 1 without gaps.
CREATE TABLE batches (
    device TEXT NOT NULL,
    number BIGINT NOT NULL,
    size BIGINT NOT NULL,
    stored_at BIGINT NOT NULL,
    sealed BLOB NOT NULL,
    PRIMARY KEY (device, number)
);
