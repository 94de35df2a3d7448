-- Coverage at the scale of the whole market (issue 31, docs/coverage.md "What is read"): bar_answers keeps, beside
-- what the vendor answered, a third bitmap of the day's intervals - stored, the bars the table bars holds - written in
-- the page's transaction with the other two, so the coverage of 11,000 symbols is read from one row a symbol and day
-- instead of counting their millions of bars.
-- NULL means "not known: count from bars". It is NULL on the rows from before this migration, and whenever a bar of
-- the row's symbol and day is deleted (the trigger below), or written without the vendor's answer: a reader then
-- counts that symbol's day from bars, and the next page of that day rebuilds the bitmap from bars.
ALTER TABLE bar_answers ADD COLUMN stored BYTEA;
-- Each symbol's first and last bar, kept with each page as well: the history of a feed filled by backfills ends where
-- its last bar is, so every view of coverage needs them for the whole universe, which cost two seeks of bars a symbol
-- and partition (2.5 s for 11,000 symbols). NULL: not known (after a delete), found again from bars. Filled once here
-- from bars, as ISO-8601 text in UTC whether bars.ts is text or timestamptz.
CREATE TABLE bar_extents (
  source    TEXT NOT NULL,
  symbol    TEXT NOT NULL,
  first_ts  TEXT,
  last_ts   TEXT,
  PRIMARY KEY (source, symbol)
);
INSERT INTO bar_extents (source, symbol, first_ts, last_ts)
  SELECT source, symbol, to_char(CAST(MIN(ts) AS timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
         to_char(CAST(MAX(ts) AS timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
  FROM bars GROUP BY source, symbol;
-- a bar deleted out of band (an operator's DELETE, a restore gone wrong) must still show as missing. The UTC day of
-- the bar's ts whether ts is ISO-8601 text or timestamptz. A row trigger on the partitioned table is cloned onto each
-- partition; TRUNCATE and DROP of a partition fire none (docs/coverage.md says what to do then).
CREATE FUNCTION bars_deleted_forget_stored() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE bar_answers SET stored = NULL
  WHERE source = OLD.source AND symbol = OLD.symbol
    AND day = to_char(CAST(OLD.ts AS timestamptz) AT TIME ZONE 'UTC', 'YYYY-MM-DD') AND stored IS NOT NULL;
  UPDATE bar_extents SET first_ts = NULL, last_ts = NULL
  WHERE source = OLD.source AND symbol = OLD.symbol AND first_ts IS NOT NULL;
  RETURN NULL;
END
$$;
CREATE TRIGGER bars_deleted_forget_stored AFTER DELETE ON bars FOR EACH ROW EXECUTE FUNCTION bars_deleted_forget_stored();
