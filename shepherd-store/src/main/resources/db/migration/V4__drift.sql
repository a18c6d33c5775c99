-- Drift: reference profiles of model versions and the history of live drift results.
-- Times are epoch milliseconds (UTC) in INTEGER columns, as in V1; JSON documents are TEXT.

-- One reference per model version: the serialized profile (ProfileCodec's versioned JSON, kept
-- as an opaque BLOB and returned byte for byte) and where it came from (an upload's file name, a
-- window of live traffic). A new reference of the same version replaces the row. The index
-- answers "the most recently created reference of any version of this model".
CREATE TABLE reference_profiles (
    model      TEXT    NOT NULL,
    version    TEXT    NOT NULL,
    profile    BLOB    NOT NULL,
    source     TEXT,
    created_at INTEGER NOT NULL,
    PRIMARY KEY (model, version)
);

CREATE INDEX reference_profiles_by_model_created ON reference_profiles (model, created_at);

-- One row per evaluation of a deployment's window, appended; read back by time, ties in write
-- order (id). window is the window length in the duration syntax (1h); share is the share of
-- drifted features (0..1); detected is 1 when the dataset drifted, else 0; report is the drift
-- report as JSON.
CREATE TABLE drift_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    deployment TEXT    NOT NULL,
    version    TEXT,
    window     TEXT    NOT NULL,
    at         INTEGER NOT NULL,
    share      REAL    NOT NULL,
    detected   INTEGER NOT NULL CHECK (detected IN (0, 1)),
    report     TEXT
);

CREATE INDEX drift_history_by_deployment_at ON drift_history (deployment, at);
