-- Monitoring history and feedback.
-- Times are epoch milliseconds (UTC) in INTEGER columns, as in V1.

-- One closed monitoring bucket per series (deployment, version, role) and start: an opaque,
-- versioned blob of serialized sketches written by the monitor. A rewrite replaces the row.
CREATE TABLE metric_buckets (
    deployment TEXT    NOT NULL,
    version    TEXT    NOT NULL,
    role       TEXT    NOT NULL,
    start_ms   INTEGER NOT NULL,
    width_ms   INTEGER NOT NULL,
    payload    BLOB    NOT NULL,
    PRIMARY KEY (deployment, version, role, start_ms)
);

CREATE INDEX metric_buckets_by_deployment_start ON metric_buckets (deployment, start_ms);

-- Ground-truth labels: one row per instance of a labelled request (instance 0 for a request of
-- one instance). A request is labelled once, as a whole; exactly one of label and value is set.
CREATE TABLE labels (
    request_id  TEXT    NOT NULL,
    instance    INTEGER NOT NULL,
    deployment  TEXT    NOT NULL,
    version     TEXT,
    label       TEXT,
    value       REAL,
    received_at INTEGER NOT NULL,
    PRIMARY KEY (request_id, instance)
);

CREATE INDEX labels_by_deployment_time ON labels (deployment, received_at);

-- User events, appended; request_id is NULL for an event sent for a deployment.
CREATE TABLE feedback_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment  TEXT    NOT NULL,
    version     TEXT,
    request_id  TEXT,
    event       TEXT    NOT NULL,
    value       REAL    NOT NULL,
    received_at INTEGER NOT NULL
);

CREATE INDEX feedback_events_by_deployment_time ON feedback_events (deployment, received_at);
