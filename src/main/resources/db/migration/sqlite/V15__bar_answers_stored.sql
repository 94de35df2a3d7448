-- Coverage at the scale of the whole market (issue 31, docs/coverage.md "What is read"): bar_answers keeps, beside
-- what the vendor answered, a third bitmap of the day's intervals - stored, the bars the table bars holds - written in
-- the page's transaction with the other two, so the coverage of 11,000 symbols is read from one row a symbol and day
-- instead of counting their millions of bars.
-- NULL means "not known: count from bars". It is NULL on the rows from before this migration, and whenever a bar of
-- the row's symbol and day is deleted (the trigger below), or written without the vendor's answer: a reader then
-- counts that symbol's day from bars, and the next page of that day rebuilds the bitmap from bars.
ALTER TABLE bar_answers ADD COLUMN stored BLOB;
-- Each symbol's first and last bar, kept with each page as well: the history of a feed filled by backfills ends where
-- its last bar is, so every view of coverage needs them for the whole universe, which cost two seeks of bars a symbol
-- (0.8 s for 11,000 symbols). NULL: not known (after a delete), found again from bars. Filled once here from bars.
CREATE TABLE bar_extents (
  source    TEXT NOT NULL,
  symbol    TEXT NOT NULL,
  first_ts  TEXT,
  last_ts   TEXT,
  PRIMARY KEY (source, symbol)
) WITHOUT ROWID;
INSERT INTO bar_extents (source, symbol, first_ts, last_ts) SELECT source, symbol, MIN(ts), MAX(ts) FROM bars GROUP BY source, symbol;
-- a bar deleted out of band (an operator's DELETE, a restore gone wrong) must still show as missing
CREATE TRIGGER bars_deleted_forget_stored AFTER DELETE ON bars
BEGIN
  UPDATE bar_answers SET stored = NULL
  WHERE source = OLD.source AND symbol = OLD.symbol AND day = substr(OLD.ts, 1, 10) AND stored IS NOT NULL;
  UPDATE bar_extents SET first_ts = NULL, last_ts = NULL
  WHERE source = OLD.source AND symbol = OLD.symbol AND first_ts IS NOT NULL;
END;
