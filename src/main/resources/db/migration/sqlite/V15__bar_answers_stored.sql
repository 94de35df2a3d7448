-- Coverage at the scale of the whole market (issue 31, docs/coverage.md "What is read"): bar_answers keeps, beside
-- what the vendor answered, a third bitmap of the day's intervals - stored, the bars the table bars holds - written in
-- the page's transaction with the other two, so the coverage of 11,000 symbols is read from one row a symbol and day
-- instead of counting their millions of bars.
-- NULL means "not known: count from bars". It is NULL on the rows from before this migration, and whenever a bar of
-- the row's symbol and day is deleted (the trigger below), or written without the vendor's answer: a reader then
-- counts that symbol's day from bars, and the next page of that day rebuilds the bitmap from bars.
ALTER TABLE bar_answers ADD COLUMN stored BLOB;
-- a bar deleted out of band (an operator's DELETE, a restore gone wrong) must still show as missing
CREATE TRIGGER bars_deleted_forget_stored AFTER DELETE ON bars
BEGIN
  UPDATE bar_answers SET stored = NULL
  WHERE source = OLD.source AND symbol = OLD.symbol AND day = substr(OLD.ts, 1, 10) AND stored IS NOT NULL;
END;
