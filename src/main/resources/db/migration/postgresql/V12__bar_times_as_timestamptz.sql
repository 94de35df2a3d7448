-- Bar times as timestamptz (docs/postgresql.md#column-types): bars.ts and bars.ingested_at were ISO-8601 UTC text;
-- a PostgreSQL user queries timestamptz (date_trunc in a time zone, BRIN, Grafana's time columns), and it takes 8
-- bytes where the text took 21. The monthly partitions stay monthly, bounded by the first instant of each UTC month.
--
-- How: PostgreSQL refuses to change the type of a partition key column (ts) on the partitioned table, and of any
-- column on one of its partitions. So each partition is detached, changes type on its own, and is attached to a new
-- parent partitioned by the timestamptz ts. The alternative, a new table filled by INSERT ... SELECT, is slower: it
-- maintains the primary key row by row and writes a WAL record per row and index entry, where ALTER TYPE rewrites
-- each partition in one sequential pass and builds its primary key again by one sort. The bound of each partition is
-- added as a CHECK constraint in the same ALTER TABLE, so it is proved during that one pass and ATTACH PARTITION finds
-- it implied instead of reading the partition again; the constraint is then dropped. Measured in
-- docs/operations.md#upgrades. Everything runs in Flyway's transaction under an ACCESS EXCLUSIVE lock on bars (reads
-- and writes of bars wait); should any step fail, nothing has changed.
--
-- Kept: every row; the partitions themselves (their names, owners, grants, and indexes of their own, rebuilt by the
-- rewrite); the parent's owner, grants and indexes besides the primary key (made again on the new parent, which
-- adopts each partition's matching index instead of building one); and the views over bars, its partitions and those
-- views, dropped before and made again after from their definitions, as V10 does. A view that compares ts with text
-- cannot be made again over timestamptz: the migration then fails naming it, and the database stays as it was.
SET LOCAL TimeZone = 'UTC';   -- the text bounds 'YYYY-MM-DD' are UTC days
LOCK TABLE bars IN ACCESS EXCLUSIVE MODE;

CREATE TEMPORARY TABLE v12_views ON COMMIT DROP AS
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

-- the partitions and their bounds as text: 'YYYY-MM-DD' (or MINVALUE), null for bars_default
CREATE TEMPORARY TABLE v12_partitions ON COMMIT DROP AS
SELECT c.oid::regclass AS name, b.m[1] AS lower, b.m[2] AS upper
  FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
  LEFT JOIN LATERAL (SELECT regexp_match(pg_get_expr(c.relpartbound, c.oid), '^FOR VALUES FROM \((.*)\) TO \((.*)\)$') AS m) b ON TRUE
  WHERE i.inhparent = 'bars'::regclass;

-- the parent's columns, owner, grants and indexes, to make it again with ts and ingested_at as timestamptz
CREATE TEMPORARY TABLE v12_parent ON COMMIT DROP AS
SELECT (SELECT string_agg(format('%I %s%s%s', a.attname,
          CASE WHEN a.attname IN ('ts', 'ingested_at') THEN 'timestamptz' ELSE format_type(a.atttypid, a.atttypmod) END,
          CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END,
          COALESCE(' DEFAULT ' || pg_get_expr(d.adbin, d.adrelid), '')), ', ' ORDER BY a.attnum)
          FROM pg_attribute a LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum
          WHERE a.attrelid = 'bars'::regclass AND a.attnum > 0 AND NOT a.attisdropped) AS columns,
       (SELECT pg_get_userbyid(relowner) FROM pg_class WHERE oid = 'bars'::regclass) AS owner,
       ARRAY(SELECT format('GRANT %s ON bars TO %s%s', g.privilege_type,
               CASE g.grantee WHEN 0 THEN 'PUBLIC' ELSE quote_ident(pg_get_userbyid(g.grantee)) END,
               CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END)
             FROM pg_class c, aclexplode(c.relacl) g WHERE c.oid = 'bars'::regclass AND g.grantee <> c.relowner) AS grants,
       -- a partitioned index prints as CREATE INDEX ... ON ONLY bars, which would not take in the partitions' indexes
       ARRAY(SELECT regexp_replace(pg_get_indexdef(x.indexrelid), ' ON ONLY ', ' ON ') FROM pg_index x
             WHERE x.indrelid = 'bars'::regclass AND NOT x.indisprimary ORDER BY x.indexrelid) AS indexes;

DO $$
DECLARE
  v record;
  p record;
  parent record;
  statement text;
BEGIN
  FOR v IN SELECT * FROM v12_views ORDER BY oid DESC LOOP
    EXECUTE format('DROP %s IF EXISTS %s', CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.name);
  END LOOP;

  FOR p IN SELECT * FROM v12_partitions LOOP
    EXECUTE format('ALTER TABLE bars DETACH PARTITION %s', p.name);
  END LOOP;
  SELECT * INTO parent FROM v12_parent;
  DROP TABLE bars;
  EXECUTE format('CREATE TABLE bars (%s, PRIMARY KEY (source, symbol, ts)) PARTITION BY RANGE (ts)', parent.columns);
  EXECUTE format('ALTER TABLE bars OWNER TO %I', parent.owner);
  FOREACH statement IN ARRAY parent.grants LOOP
    EXECUTE statement;
  END LOOP;

  -- each range partition rewritten once, its bound proved on the way; bars_default last (attaching it checks it
  -- against every range, and it is normally empty)
  FOR p IN SELECT * FROM v12_partitions ORDER BY lower IS NULL, name LOOP
    IF p.lower IS NULL THEN
      EXECUTE format('ALTER TABLE %s ALTER COLUMN ts TYPE timestamptz USING CAST(ts AS timestamptz), '
        'ALTER COLUMN ingested_at TYPE timestamptz USING CAST(ingested_at AS timestamptz)', p.name);
      EXECUTE format('ALTER TABLE bars ATTACH PARTITION %s DEFAULT', p.name);
    ELSE
      EXECUTE format('ALTER TABLE %s ALTER COLUMN ts TYPE timestamptz USING CAST(ts AS timestamptz), '
        'ALTER COLUMN ingested_at TYPE timestamptz USING CAST(ingested_at AS timestamptz), '
        'ADD CONSTRAINT v12_bound CHECK (%s AND %s)', p.name,
        CASE p.lower WHEN 'MINVALUE' THEN 'TRUE' ELSE format('ts >= %s::timestamptz', p.lower) END,
        CASE p.upper WHEN 'MAXVALUE' THEN 'TRUE' ELSE format('ts < %s::timestamptz', p.upper) END);
      EXECUTE format('ALTER TABLE bars ATTACH PARTITION %s FOR VALUES FROM (%s) TO (%s)', p.name,
        CASE p.lower WHEN 'MINVALUE' THEN 'MINVALUE' ELSE format('%L', CAST(btrim(p.lower, '''') AS timestamptz)) END,
        CASE p.upper WHEN 'MAXVALUE' THEN 'MAXVALUE' ELSE format('%L', CAST(btrim(p.upper, '''') AS timestamptz)) END);
      EXECUTE format('ALTER TABLE %s DROP CONSTRAINT v12_bound', p.name);
    END IF;
  END LOOP;

  FOREACH statement IN ARRAY parent.indexes LOOP
    EXECUTE statement;
  END LOOP;

  FOR v IN SELECT * FROM v12_views ORDER BY oid LOOP
    BEGIN
      EXECUTE format('CREATE %s %s AS %s', CASE v.relkind WHEN 'm' THEN 'MATERIALIZED VIEW' ELSE 'VIEW' END, v.name,
        rtrim(v.definition, ';'));
    EXCEPTION WHEN OTHERS THEN
      RAISE EXCEPTION 'view % cannot be made again over bars with ts and ingested_at as timestamptz: %', v.name, SQLERRM
        USING HINT = 'Drop the view (or change it to compare ts with timestamptz), start again, then make it anew. Its definition: '
          || v.definition;
    END;
  END LOOP;
END
$$;
