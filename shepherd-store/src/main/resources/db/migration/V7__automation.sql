-- Degrees of automation: what each review item stands for, and each deployment's level.
-- Times are epoch milliseconds (UTC) in INTEGER columns, as in V1.

-- A review item is one instance of one request; weight is how many cases it stands for (1, or
-- 1/share for an audit sample); callback_url is called with the ticket once decided.
ALTER TABLE review_items ADD COLUMN version TEXT;
ALTER TABLE review_items ADD COLUMN instance INTEGER NOT NULL DEFAULT 0;
ALTER TABLE review_items ADD COLUMN weight REAL NOT NULL DEFAULT 1;
ALTER TABLE review_items ADD COLUMN callback_url TEXT;

CREATE INDEX review_items_pending ON review_items (state, priority, created_at);

-- Each deployment's automation setting: the one declared by its spec (declared, JSON) and the one
-- in force (effective, JSON), which runtime changes may have moved away from the declared one.
CREATE TABLE automation_settings (
    deployment TEXT    PRIMARY KEY,
    declared   TEXT,
    effective  TEXT    NOT NULL,
    updated_at INTEGER NOT NULL,
    updated_by TEXT
);

-- The audit trail of automation changes, appended.
CREATE TABLE automation_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    actor      TEXT,
    from_level TEXT,
    to_level   TEXT    NOT NULL,
    setting    TEXT    NOT NULL,
    reason     TEXT
);

CREATE INDEX automation_events_by_deployment ON automation_events (deployment, id);
