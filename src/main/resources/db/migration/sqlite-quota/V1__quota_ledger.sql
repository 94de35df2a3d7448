-- The quota ledger of vendor accounts, in its own SQLite file beside the database (market.db.quota for
-- market.db): SQLite has one writer per file, and a page of 10,000 bars written to the main file must not hold up
-- the quota slots that other processes take meanwhile. Times are epoch milliseconds.

-- One row per vendor account: a pause every process honours (a 429's Retry-After, or nothing remaining), the
-- vendor's own figure for its limit, and how long slots are kept (the longest any process needs, at least 1 h).
CREATE TABLE quota_account (
  account        TEXT    PRIMARY KEY,
  paused_until   INTEGER NOT NULL DEFAULT 0,
  paused_status  INTEGER,
  vendor_limit   INTEGER,
  keep_millis    INTEGER NOT NULL
);

-- One row per request sent with the account's key: held from sent_at until a period after answered_at (see
-- QuotaRule); answered_at is NULL while the request is in flight, or forever if its process died.
CREATE TABLE quota_slot (
  id           INTEGER PRIMARY KEY,
  account      TEXT    NOT NULL,
  holder       TEXT    NOT NULL,
  sent_at      INTEGER NOT NULL,
  answered_at  INTEGER,
  status       INTEGER
);
CREATE INDEX idx_quota_slot_answered ON quota_slot (account, answered_at, sent_at);
CREATE INDEX idx_quota_slot_sent ON quota_slot (account, sent_at);
