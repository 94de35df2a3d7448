-- Leadership of a feed as a lease its leader must keep renewing (docs/operations.md#one-active-instance-per-feed): a
-- leader that stops renewing - frozen, cut off, stuck - loses the feed at its deadline, whether or not its database
-- session is still open. Times are the database's (epoch milliseconds), never a host's clock. The epoch goes up by one
-- at every take: the leader's checkpoint advances carry the epoch they were started under, and the database refuses
-- one that is no longer the feed's (fencing).
CREATE TABLE feed_lease (
  feed           TEXT    NOT NULL PRIMARY KEY,
  epoch          BIGINT  NOT NULL DEFAULT 0,
  holder         TEXT,                 -- the holding instance (unique per start); NULL: no holder (released, never taken)
  holder_name    TEXT,                 -- pid N at HOST: of the holder, or of the last holder once released
  holder_pid     BIGINT,             -- shows the holder alive: its lease session's backend pid (PostgreSQL), its own pid (SQLite, one host)
  deadline       BIGINT  NOT NULL DEFAULT 0,   -- the holder leads until then unless it renews
  renewed_at     BIGINT,
  taken_at       BIGINT,
  taken_from     TEXT,                 -- holder_name of the one it was taken from
  taken_because  TEXT                  -- first, expired, released, died
);

-- The live instances of a deployment (its feeds joined by ','), for sharing the feeds (ops/FairShare): an instance
-- renews its row with its leases, and one that stops renewing stops counting at its deadline.
CREATE TABLE cluster_member (
  member_group  TEXT    NOT NULL,
  member        TEXT    NOT NULL,
  member_name   TEXT    NOT NULL,
  started_at    BIGINT  NOT NULL,
  deadline      BIGINT  NOT NULL,
  PRIMARY KEY (member_group, member)
);
