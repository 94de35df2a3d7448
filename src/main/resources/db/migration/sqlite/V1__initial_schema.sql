-- Initial schema (SQLite). Timestamps are ISO-8601 UTC text ending in 'Z' (Instant.toString()), so text order
-- is time order.
CREATE TABLE bars (
  symbol       TEXT    NOT NULL,
  ts           TEXT    NOT NULL,
  open         REAL    NOT NULL,
  high         REAL    NOT NULL,
  low          REAL    NOT NULL,
  close        REAL    NOT NULL,
  volume       INTEGER NOT NULL,
  trade_count  INTEGER NOT NULL,
  vwap         REAL    NOT NULL,
  source       TEXT    NOT NULL,
  ingested_at  TEXT    NOT NULL,
  PRIMARY KEY (symbol, ts)
);

-- Progress is per (cursor, symbol): every bar of the symbol with ts < ingested_until is in bars
-- (or, once failure handling lands, recorded in ingest_dlq). The cursor is the source name, or a one-shot
-- backfill's own key.
CREATE TABLE ingest_checkpoint (
  source          TEXT NOT NULL,
  symbol          TEXT NOT NULL,
  ingested_until  TEXT NOT NULL,
  updated_at      TEXT NOT NULL,
  PRIMARY KEY (source, symbol)
);

CREATE TABLE ingest_dlq (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  source        TEXT    NOT NULL,
  payload_json  TEXT    NOT NULL,
  reason        TEXT    NOT NULL,
  retry_count   INTEGER NOT NULL DEFAULT 0,
  next_retry_at TEXT    NOT NULL,
  created_at    TEXT    NOT NULL
);
CREATE INDEX idx_dlq_next_retry ON ingest_dlq (next_retry_at);

CREATE TABLE universe (
  symbol    TEXT PRIMARY KEY,
  added_at  TEXT NOT NULL
);
