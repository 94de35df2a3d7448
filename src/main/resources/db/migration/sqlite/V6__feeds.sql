-- Several feeds in one database. A bar, a universe entry and every other row of a feed carry the feed's name in
-- their `source` column (the name `ingest.source` gave the one feed of a deployment before), and bars of different
-- feeds never mix: the key of bars becomes (source, symbol, ts). SQLite cannot change a primary key in place, so
-- bars is copied once into a table with the new key (same columns, same order); PostgreSQL changes it in place.
CREATE TABLE bars_by_feed (
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
  PRIMARY KEY (source, symbol, ts)
);
INSERT INTO bars_by_feed (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at)
  SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at FROM bars ORDER BY source, symbol, ts;
DROP TABLE bars;
ALTER TABLE bars_by_feed RENAME TO bars;

-- Each feed has its universe. The symbols of the database's one feed so far are that feed's: the first feed the
-- deployment configures when it upgrades (Flyway placeholder first_feed).
CREATE TABLE universe_by_feed (
  source    TEXT NOT NULL,
  symbol    TEXT NOT NULL,
  added_at  TEXT NOT NULL,
  PRIMARY KEY (source, symbol)
);
INSERT INTO universe_by_feed (source, symbol, added_at) SELECT '${first_feed}', symbol, added_at FROM universe;
DROP TABLE universe;
ALTER TABLE universe_by_feed RENAME TO universe;
