-- Failure handling. A DLQ row is a request to replay: payload_json names the cursor, the symbols and the window
-- [start, end) - never a credential. replay_key (sha-256 of source and payload) makes recording the same failed
-- batch twice update one row instead of adding a second. A row the retry worker gave up on is parked (parked_at)
-- for a human.
ALTER TABLE ingest_dlq ADD COLUMN replay_key TEXT;
ALTER TABLE ingest_dlq ADD COLUMN parked_at TEXT;
ALTER TABLE ingest_dlq ADD COLUMN updated_at TEXT;
CREATE UNIQUE INDEX ux_dlq_replay_key ON ingest_dlq (replay_key);

-- How every DLQ row ended (resolved by a replay, split into smaller requests, discarded by an operator) and every
-- operator action on one: a row never leaves the DLQ without a trace.
CREATE TABLE ingest_dlq_audit (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  dlq_id        INTEGER NOT NULL,
  source        TEXT    NOT NULL,
  payload_json  TEXT    NOT NULL,
  action        TEXT    NOT NULL,
  reason        TEXT,
  retry_count   INTEGER NOT NULL,
  actor         TEXT    NOT NULL,
  at            TEXT    NOT NULL
);
CREATE INDEX idx_dlq_audit_dlq_id ON ingest_dlq_audit (dlq_id);
