-- The quota ledger of vendor accounts, shared by every process (on every machine) that sends with an account's key.
-- It replaces the request log of one process, whose rows only mattered for the last period. Times are epoch
-- milliseconds. A request takes a slot while holding the account's row (SELECT ... FOR UPDATE), so counting the
-- slots held and recording the new one are one atomic step across processes; page writes never lock these rows.
DROP TABLE vendor_request_log;

-- One row per vendor account: a pause every process honours (a 429's Retry-After, or nothing remaining), the
-- vendor's own figure for its limit, and how long slots are kept (the longest any process needs, at least 1 h).
CREATE TABLE quota_account (
  account        TEXT    PRIMARY KEY,
  paused_until   BIGINT  NOT NULL DEFAULT 0,
  paused_status  INTEGER,
  vendor_limit   INTEGER,
  keep_millis    BIGINT  NOT NULL
);

-- One row per request sent with the account's key: held from sent_at until a period after answered_at (see
-- QuotaRule); answered_at is NULL while the request is in flight, or forever if its process died.
CREATE TABLE quota_slot (
  id           BIGSERIAL PRIMARY KEY,
  account      TEXT    NOT NULL,
  holder       TEXT    NOT NULL,
  sent_at      BIGINT  NOT NULL,
  answered_at  BIGINT,
  status       INTEGER
);
CREATE INDEX idx_quota_slot_answered ON quota_slot (account, answered_at, sent_at);
CREATE INDEX idx_quota_slot_sent ON quota_slot (account, sent_at);
