-- Bars partitioned by month of ts (native range partitioning; ts is ISO-8601 UTC text, so text order is time order).
-- A month's partition is bars_YYYY_MM, holding ['YYYY-MM-01', the next month's first day): bounds are days, which sort
-- before every ts of the day, so a query's ts >= '2026-12-01' prunes to December. The application creates
-- them ahead (store/BarPartitions). bars_default takes a bar of a month that has none yet, so a write never fails for
-- want of a partition; creating that month's partition moves such bars out of it.
--
-- In place: a table that holds bars is renamed and becomes the partition of everything before the first month after
-- both now and its newest bar (bars_before_YYYY_MM), rows and primary-key index untouched. What it costs: finding the
-- newest bar is one descent of the primary key per (source, symbol); attaching reads the whole table once to check
-- that every ts lies below the bound (PostgreSQL cannot take that on trust), all under an ACCESS EXCLUSIVE lock on
-- bars, so reads and writes of bars wait for the migration. An empty table is simply replaced.
LOCK TABLE bars IN ACCESS EXCLUSIVE MODE;

DO $$
DECLARE
  newest text;
  bound  timestamp;
  old    text := 'bars_before_v7';
BEGIN
  IF EXISTS (SELECT 1 FROM bars) THEN
    -- the newest ts without reading every row: the (source, symbol) pairs by a loose scan of the primary key, then
    -- the last ts of each from the same index
    WITH RECURSIVE pairs (source, symbol) AS (
      (SELECT source, symbol FROM bars ORDER BY source, symbol LIMIT 1)
      UNION ALL
      SELECT n.source, n.symbol FROM pairs p CROSS JOIN LATERAL (
        SELECT b.source, b.symbol FROM bars b WHERE (b.source, b.symbol) > (p.source, p.symbol)
        ORDER BY b.source, b.symbol LIMIT 1) n
    )
    SELECT max((SELECT b.ts FROM bars b WHERE b.source = p.source AND b.symbol = p.symbol ORDER BY b.ts DESC LIMIT 1))
      INTO newest FROM pairs p;
    bound := date_trunc('month', greatest(now() AT TIME ZONE 'UTC', CAST(newest AS timestamptz) AT TIME ZONE 'UTC'))
      + interval '1 month';
    old := 'bars_before_' || to_char(bound, 'YYYY_MM');
  END IF;
  EXECUTE format('ALTER TABLE bars RENAME TO %I', old);
  EXECUTE format('ALTER INDEX bars_pkey RENAME TO %I', old || '_pkey');

  -- the same columns, partitioned
  EXECUTE format('CREATE TABLE bars (LIKE %I INCLUDING DEFAULTS) PARTITION BY RANGE (ts)', old);
  ALTER TABLE bars ADD PRIMARY KEY (source, symbol, ts);
  IF bound IS NULL THEN
    EXECUTE format('DROP TABLE %I', old);
  ELSE
    -- its primary-key index becomes the partition's part of the new one: nothing is rebuilt
    EXECUTE format('ALTER TABLE bars ATTACH PARTITION %I FOR VALUES FROM (MINVALUE) TO (%L)',
      old, to_char(bound, 'YYYY-MM-DD'));
  END IF;
  CREATE TABLE bars_default PARTITION OF bars DEFAULT;
END
$$;
