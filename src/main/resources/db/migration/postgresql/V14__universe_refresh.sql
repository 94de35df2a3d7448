-- Each refresh of a universe taken from its vendor (ingest.universe=vendor:...), applied or not: when, its outcome
-- (applied; refused - an empty or implausibly shrunk list, a broken contract; failed - the vendor did not answer), the
-- universe's size after it, and the symbols it added and removed (the first 50 of each, comma-separated). The universe
-- itself stays in `universe`: a refresh that is not applied leaves it as the last good list.
CREATE TABLE universe_refresh (
  id            BIGSERIAL PRIMARY KEY,
  source        TEXT    NOT NULL,
  at            TEXT    NOT NULL,
  outcome       TEXT    NOT NULL,
  size          INTEGER NOT NULL,
  added_count   INTEGER NOT NULL,
  removed_count INTEGER NOT NULL,
  added         TEXT    NOT NULL,
  removed       TEXT    NOT NULL,
  detail        TEXT    NOT NULL
);
CREATE INDEX universe_refresh_by_source ON universe_refresh (source, id);
