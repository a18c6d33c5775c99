-- Shepherd's embedded store, first schema.
-- Times are epoch milliseconds (UTC) in INTEGER columns; JSON documents are TEXT.

CREATE TABLE model_versions (
    name            TEXT    NOT NULL,
    version         TEXT    NOT NULL,
    runtime         TEXT,
    uri             TEXT,
    sha256          TEXT,
    schema_json     TEXT,
    options_json    TEXT    NOT NULL DEFAULT '{}',
    created_at      INTEGER,
    provenance_json TEXT,
    PRIMARY KEY (name, version)
);

CREATE INDEX model_versions_by_name_created ON model_versions (name, created_at);

CREATE TABLE deployments (
    name       TEXT NOT NULL PRIMARY KEY,
    model      TEXT,
    serving    TEXT,
    spec_json  TEXT,
    updated_at INTEGER
);

-- No unique key on request_id: a client may retry with the same X-Request-Id and a retried
-- request must not fail the batch it is written in. Lookups take the last written row.
CREATE TABLE predictions (
    request_id    TEXT    NOT NULL,
    time          INTEGER NOT NULL,
    deployment    TEXT    NOT NULL,
    model         TEXT,
    version       TEXT,
    latency_nanos INTEGER NOT NULL,
    outcome       TEXT,
    batch_size    INTEGER NOT NULL,
    inputs_json   TEXT,
    outputs_json  TEXT
);

CREATE INDEX predictions_by_request_id ON predictions (request_id);
CREATE INDEX predictions_by_deployment_time ON predictions (deployment, time);
