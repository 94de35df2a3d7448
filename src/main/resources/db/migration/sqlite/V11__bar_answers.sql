-- What the vendor answered, per feed, symbol and UTC day, so coverage can tell a minute that never traded (thin: the
-- vendor answered for it with no bar) from a bar that was lost (sent, and not in bars) and from one not asked yet
-- (docs/coverage.md). Two bitmaps of the day's bar intervals of the feed's timeframe (1440 for 1Min, 24 for 1Hour, 1
-- for 1Day), bit i = byte i / 8, bit i % 8 (least significant first): asked - the vendor answered a request that
-- covered interval i; served - it sent a bar for interval i. Written in the same transaction as the page.
CREATE TABLE bar_answers (
  source  TEXT NOT NULL,
  symbol  TEXT NOT NULL,
  day     TEXT NOT NULL,
  asked   BLOB NOT NULL,
  served  BLOB NOT NULL,
  PRIMARY KEY (source, symbol, day)
) WITHOUT ROWID;
