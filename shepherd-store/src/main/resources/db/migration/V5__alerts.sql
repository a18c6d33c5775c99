-- Alert states and their transitions.
-- Times are epoch milliseconds (UTC) in INTEGER columns, as in V1.

-- Where each rule stands for each deployment (inactive, pending or firing), with what was already
-- notified, so a restart neither forgets a firing alert nor notifies it again.
CREATE TABLE alert_states (
    rule            TEXT    NOT NULL,
    deployment      TEXT    NOT NULL,
    state           TEXT    NOT NULL,
    active_since    INTEGER,
    fired_at        INTEGER,
    resolved_at     INTEGER,
    value           REAL,
    notified        TEXT,
    silenced_until  INTEGER,
    acknowledged_by TEXT,
    PRIMARY KEY (rule, deployment)
);

-- Every transition, appended: the alert history.
CREATE TABLE alert_transitions (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    rule       TEXT    NOT NULL,
    deployment TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    from_state TEXT    NOT NULL,
    to_state   TEXT    NOT NULL,
    value      REAL,
    severity   TEXT
);

CREATE INDEX alert_transitions_by_time ON alert_transitions (at);
