-- Bars refused by the quality gate, kept exactly as the vendor sent them, with the rule they broke.
CREATE TABLE data_quality (
  id           BIGSERIAL PRIMARY KEY,
  source       TEXT NOT NULL,
  symbol       TEXT NOT NULL,
  ts           TEXT,
  raw_bar      TEXT NOT NULL,
  rule         TEXT NOT NULL,
  detail       TEXT,
  detected_at  TEXT NOT NULL,
  -- sha-256 of (source, symbol, raw_bar, rule): a page re-read after a crash records nothing twice
  fingerprint  TEXT NOT NULL UNIQUE
);
CREATE INDEX idx_data_quality_rule ON data_quality (rule);
