-- Backfills as jobs that every instance on the database works on together: a job is cut into shards (symbols x time
-- ranges, on whole request batches and windows), and an instance takes a shard with a lease it renews while it works;
-- a shard whose lease ran out (its instance died) is taken by another, which resumes from the shard's checkpoints.
-- (V7 is PostgreSQL's partitioning of bars; SQLite skips that number.)
CREATE TABLE backfill_job (
  id            INTEGER PRIMARY KEY AUTOINCREMENT,
  feed          TEXT    NOT NULL,
  range_from    TEXT    NOT NULL,
  range_to      TEXT    NOT NULL,
  symbols       TEXT    NOT NULL,   -- JSON array
  write_mode    TEXT    NOT NULL,
  -- the same feed, range, mode and symbols: a second identical backfill joins the unfinished job instead of repeating it
  job_key       TEXT    NOT NULL,
  submitted_at  TEXT    NOT NULL,
  submitted_by  TEXT    NOT NULL,
  finished_at   TEXT
);
CREATE UNIQUE INDEX ux_backfill_job_unfinished ON backfill_job (job_key) WHERE finished_at IS NULL;

CREATE TABLE backfill_shard (
  job_id        BIGINT  NOT NULL REFERENCES backfill_job (id),
  shard_no      INTEGER NOT NULL,
  symbols       TEXT    NOT NULL,   -- JSON array
  shard_from    TEXT    NOT NULL,
  shard_to      TEXT    NOT NULL,
  state         TEXT    NOT NULL,   -- pending, leased, done
  lease_owner   TEXT,
  lease_until   BIGINT  NOT NULL DEFAULT 0,   -- epoch millis
  attempts      INTEGER NOT NULL DEFAULT 0,
  done_at       TEXT,
  PRIMARY KEY (job_id, shard_no)
);
CREATE INDEX idx_backfill_shard_open ON backfill_shard (state, job_id, shard_no);
