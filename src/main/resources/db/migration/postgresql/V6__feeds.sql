-- Several feeds in one database. A bar, a universe entry and every other row of a feed carry the feed's name in
-- their `source` column (the name `ingest.source` gave the one feed of a deployment before), and bars of different
-- feeds never mix: the key of bars becomes (source, symbol, ts). In place: the rows are not rewritten, only the
-- key's index is built anew.
ALTER TABLE bars DROP CONSTRAINT bars_pkey;
ALTER TABLE bars ADD PRIMARY KEY (source, symbol, ts);

-- Each feed has its universe. The symbols of the database's one feed so far are that feed's: the first feed the
-- deployment configures when it upgrades (Flyway placeholder first_feed).
ALTER TABLE universe ADD COLUMN source TEXT NOT NULL DEFAULT '${first_feed}';
ALTER TABLE universe ALTER COLUMN source DROP DEFAULT;
ALTER TABLE universe DROP CONSTRAINT universe_pkey;
ALTER TABLE universe ADD PRIMARY KEY (source, symbol);
