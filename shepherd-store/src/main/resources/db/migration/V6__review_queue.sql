-- The review queue: cases for people to decide.
-- Times are epoch milliseconds (UTC) in INTEGER columns, as in V1. States are OPEN, CLAIMED,
-- DECIDED and SKIPPED; a CLAIMED item whose lease_until has passed is claimable again.
CREATE TABLE review_items (
    id          TEXT    PRIMARY KEY,
    deployment  TEXT    NOT NULL,
    request_id  TEXT,
    inputs      TEXT,
    suggestion  TEXT,
    confidence  REAL,
    reason      TEXT,
    priority    INTEGER NOT NULL,
    created_at  INTEGER NOT NULL,
    state       TEXT    NOT NULL,
    claimed_by  TEXT,
    lease_until INTEGER,
    decision    TEXT,
    note        TEXT,
    decided_by  TEXT,
    decided_at  INTEGER
);

CREATE INDEX review_items_claimable ON review_items (deployment, state, priority, created_at);
CREATE INDEX review_items_decided ON review_items (deployment, decided_at);
