-- Volumes as the vendors send them, and absent fields as NULL (docs/design.md#volumes):
-- * volume becomes numeric (no precision or scale: any decimal, kept exactly): a quantity, fractional for crypto
--   pairs (0.0345 BTC); a whole one of any size stays exact.
-- * trade_count and vwap become nullable: both are optional in the vendors' own types ("when provided"), and the 0
--   stored for an absent one was a made-up value. Stored rows keep their values.
-- Changing volume's type rewrites every partition of bars under an ACCESS EXCLUSIVE lock (measured in
-- docs/operations.md#upgrading). PostgreSQL refuses to change the type of a column a view reads, so the views over bars
-- or its partitions (and the views over those) are dropped first and made again after, from their definitions, in the
-- order they were made; their grants and owner are not kept (the migration's role owns them) - noted in
-- docs/operations.md.
LOCK TABLE bars IN ACCESS EXCLUSIVE MODE;

CREATE TEMPORARY TABLE v10_views ON COMMIT DROP AS
WITH RECURSIVE tables AS (
  SELECT 'bars'::regclass::oid AS oid
  UNION ALL SELECT i.inhrelid FROM pg_inherits i JOIN tables t ON i.inhparent = t.oid
), views (oid) AS (
  SELECT r.ev_class FROM pg_depend d JOIN pg_rewrite r ON r.oid = d.objid
    WHERE d.classid = 'pg_rewrite'::regclass AND d.refobjid IN (SELECT oid FROM tables) AND r.ev_class NOT IN (SELECT oid FROM tables)
  UNION
  SELECT r.ev_class FROM views v JOIN pg_depend d ON d.refobjid = v.oid JOIN pg_rewrite r ON r.oid = d.objid
    WHERE d.classid = 'pg_rewrite'::regclass AND r.ev_class <> v.oid
)
SELECT DISTINCT c.oid, c.relkind, format('%I.%I', n.nspname, c.relname) AS name, pg_get_viewdef(c.oid) AS definition
  FROM views v JOIN pg_class c ON c.oid = v.oid JOIN pg_namespace n ON n.oid = c.relnamespace
  WHERE c.relkind IN ('v', 'm');

DO $$
DECLARE
  v record;
BEGIN
  FOR v IN SELECT * FROM v10_views ORDER BY oid DESC LOOP
    EXECUTE format('DROP %s IF EXISTS %s', CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.name);
  END LOOP;
END
$$;

ALTER TABLE bars
  ALTER COLUMN volume TYPE numeric USING volume::numeric,
  ALTER COLUMN trade_count DROP NOT NULL,
  ALTER COLUMN vwap DROP NOT NULL;

DO $$
DECLARE
  v record;
BEGIN
  FOR v IN SELECT * FROM v10_views ORDER BY oid LOOP
    EXECUTE format('CREATE %s %s AS %s', CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.name,
      rtrim(v.definition, ';'));
  END LOOP;
END
$$;
