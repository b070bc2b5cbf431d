-- The places list (`sotay-hub places import`) and report readers (`sotay-hub enrol --reader`).
-- An import replaces the three place tables whole, so a school that moved follows.

CREATE TABLE provinces (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

-- A commune or ward, in one province.
CREATE TABLE communes (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    province TEXT NOT NULL REFERENCES provinces (code)
);
CREATE INDEX communes_province ON communes (province);

CREATE TABLE schools (
    code TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    commune TEXT NOT NULL REFERENCES communes (code)
);
CREATE INDEX schools_commune ON schools (commune);

-- A reader: its scope as text (school:CODE, commune:CODE, province:CODE; no foreign key, so
-- a re-import that drops a place keeps the reader, listed as not in the places list), its
-- age X25519 recipient (age1...) and that key's fingerprint. enrolled_at: when it first used
-- its one-time code.
CREATE TABLE readers (
    id TEXT PRIMARY KEY,
    scope TEXT NOT NULL,
    public_key TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    enrolled_at BIGINT,
    UNIQUE (scope, public_key)
);

-- Readers' one-time codes, by the SHA-256 of their normalised form only, as devices' codes.
CREATE TABLE reader_codes (
    code_hash TEXT PRIMARY KEY,
    reader_id TEXT NOT NULL REFERENCES readers (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);
