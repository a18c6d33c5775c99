-- Rollouts, their audit trail, and the role of a logged prediction.
-- Times are epoch milliseconds (UTC) in INTEGER columns, as in V1; JSON documents are TEXT.

-- The current state of each rollout; a transition rewrites its row (upsert by id, never a
-- delete, so the events below keep their parent). phase and status hold the wire names
-- (canary, awaiting-approval); spec_json is the declared rollout as given, parsed again on
-- read; step is -1 before the first canary step; weight is the candidate's traffic share in
-- percent; baked_ms is running time spent in the current phase or step.
CREATE TABLE rollouts (
    id              TEXT    NOT NULL PRIMARY KEY,
    deployment      TEXT    NOT NULL,
    baseline        TEXT,
    spec_json       TEXT    NOT NULL,
    phase           TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    step            INTEGER NOT NULL,
    weight          REAL    NOT NULL,
    step_started_at INTEGER,
    baked_ms        INTEGER,
    started_at      INTEGER NOT NULL,
    updated_at      INTEGER,
    reason          TEXT
);

CREATE INDEX rollouts_by_deployment_started ON rollouts (deployment, started_at);
CREATE INDEX rollouts_by_status ON rollouts (status);

-- The audit trail, appended in the transaction that writes the rollout's new state; read back in
-- write order (id). values_json is an object of the gate values that decided the transition, by
-- metric key ('{}' when none did); non-finite values are the strings "NaN", "Infinity", "-Infinity".
CREATE TABLE rollout_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    rollout_id  TEXT    NOT NULL REFERENCES rollouts (id),
    deployment  TEXT    NOT NULL,
    at          INTEGER NOT NULL,
    actor       TEXT,
    action      TEXT    NOT NULL,
    phase       TEXT    NOT NULL,
    status      TEXT    NOT NULL,
    step        INTEGER NOT NULL,
    weight      REAL    NOT NULL,
    reason      TEXT,
    values_json TEXT    NOT NULL DEFAULT '{}'
);

CREATE INDEX rollout_events_by_rollout ON rollout_events (rollout_id, id);

-- The part the answering version played: primary, candidate (a canary or blue-green answer) or
-- shadow. Rows logged before rollouts existed were all the primary's.
ALTER TABLE predictions ADD COLUMN role TEXT NOT NULL DEFAULT 'primary';
