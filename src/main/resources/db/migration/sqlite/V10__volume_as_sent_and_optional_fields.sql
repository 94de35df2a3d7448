-- Volumes as the vendors send them, and absent fields as NULL (docs/design.md#volumes):
-- * volume is a quantity, fractional for crypto pairs (0.0345 BTC). The column has no declared type, so SQLite keeps
--   each value in the storage class it is given (an INTEGER or NUMERIC column would turn a long decimal text into a
--   REAL of 15 digits): a whole volume as an INTEGER (exact up to 2^63), a fraction of up to 15 significant digits as a
--   REAL (whose shortest text is the decimal sent), a longer one as its decimal TEXT (store/BarStore.bindVolume).
--   Stored volumes are INTEGERs and stay so.
-- * trade_count and vwap become nullable: both are optional in the vendors' own types ("when provided"), and the 0
--   stored for an absent one was a made-up value. Stored rows keep their values: a 0 written before cannot be told
--   from a real 0 (docs/operations.md#upgrading).
-- SQLite cannot drop a NOT NULL in place, so the rows are copied once, in key order, as V9 did; an index or trigger
-- of the operator's own on bars goes with the old table; views stay (legacy_alter_table, as in V9).
PRAGMA legacy_alter_table = ON;
CREATE TABLE bars_as_sent (
  symbol       TEXT    NOT NULL,
  ts           TEXT    NOT NULL,
  open         REAL    NOT NULL,
  high         REAL    NOT NULL,
  low          REAL    NOT NULL,
  close        REAL    NOT NULL,
  volume               NOT NULL,
  trade_count  INTEGER,
  vwap         REAL,
  source       TEXT    NOT NULL,
  ingested_at  TEXT    NOT NULL,
  PRIMARY KEY (source, symbol, ts)
) WITHOUT ROWID;
INSERT INTO bars_as_sent (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at)
  SELECT symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at FROM bars ORDER BY source, symbol, ts;
DROP TABLE bars;
ALTER TABLE bars_as_sent RENAME TO bars;
PRAGMA legacy_alter_table = OFF;
