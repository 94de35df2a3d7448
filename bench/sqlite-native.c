/*
 * What SQLite does natively with the 5-day backfill's rows, for the JDBC ceiling to be read against (issue 15): the
 * rows of ROWS-FILE (one bar a line: symbol ts open high low close volume trade_count vwap, in the order the backfill
 * writes them) in pages of 10,000, one transaction each, into a fresh FILE in WAL with synchronous=NORMAL, through
 * the statement BarStore uses (INSERT ... ON CONFLICT (source, symbol, ts) DO NOTHING, source and ingested_at bound
 * once a statement), prepared once, PER rows a statement; into bars as V9 makes it (WITHOUT ROWID) or as V1-V8 did.
 * The rows are read into memory before the clock starts, as the ceiling's are.
 * Build: gcc -O2 -o sqlite-native bench/sqlite-native.c -lsqlite3 (Debian: libsqlite3-dev).
 * Usage: sqlite-native ROWS-FILE FILE PER [rowid]          Run by bench/native-ceiling.sh.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
typedef struct { char sym[8]; char ts[24]; double o, h, l, c, vw; long long v, n; } Row;
static double now() { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }
static double cpu() { struct timespec t; clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec / 1e9; }
#define OK(x) do { int rc_ = (x); if (rc_ != SQLITE_OK && rc_ != SQLITE_DONE && rc_ != SQLITE_ROW) { fprintf(stderr, "%s: %s\n", #x, sqlite3_errmsg(db)); exit(1); } } while (0)
/* INSERT of k rows: ?1 and ?2 are source and ingested_at, row r's nine values ?(3 + 9r) .. ?(11 + 9r), as BarStore's */
static sqlite3_stmt *prepare(sqlite3 *db, int k) {
  char *sql = malloc(200 + k * 128); strcpy(sql, "INSERT INTO bars (symbol, ts, open, high, low, close, volume, trade_count, vwap, source, ingested_at) VALUES ");
  for (int r = 0; r < k; r++) { char v[128]; int b = 3 + 9 * r;
    snprintf(v, sizeof v, "%s(?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?%d, ?1, ?2)", r ? ", " : "", b, b+1, b+2, b+3, b+4, b+5, b+6, b+7, b+8); strcat(sql, v); }
  strcat(sql, " ON CONFLICT (source, symbol, ts) DO NOTHING");
  sqlite3_stmt *st; if (sqlite3_prepare_v2(db, sql, -1, &st, 0) != SQLITE_OK) { fprintf(stderr, "%s\n", sqlite3_errmsg(db)); exit(1); }
  return st;
}
static void run(sqlite3 *db, sqlite3_stmt *st, Row *rows, int k, const char *source, const char *ingested) {
  sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC); sqlite3_bind_text(st, 2, ingested, -1, SQLITE_STATIC);
  for (int r = 0; r < k; r++) { Row *b = &rows[r]; int c = 3 + 9 * r;
    sqlite3_bind_text(st, c, b->sym, -1, SQLITE_STATIC); sqlite3_bind_text(st, c + 1, b->ts, -1, SQLITE_STATIC);
    sqlite3_bind_double(st, c + 2, b->o); sqlite3_bind_double(st, c + 3, b->h); sqlite3_bind_double(st, c + 4, b->l);
    sqlite3_bind_double(st, c + 5, b->c); sqlite3_bind_int64(st, c + 6, b->v); sqlite3_bind_int64(st, c + 7, b->n);
    sqlite3_bind_double(st, c + 8, b->vw); }
  if (sqlite3_step(st) != SQLITE_DONE) { fprintf(stderr, "step: %s\n", sqlite3_errmsg(db)); exit(1); }
  sqlite3_reset(st);
}
int main(int argc, char **argv) {
  if (argc < 4) { fprintf(stderr, "usage: sqlite-native ROWS-FILE FILE PER [rowid]\n"); return 2; }
  const char *file = argv[2]; int per = atoi(argv[3]); int rowid = argc > 4 && !strcmp(argv[4], "rowid");
  const char *source = "alpaca_bars_1min", *ingested = "2026-11-29T10:00:00Z";
  Row *rows = malloc(sizeof(Row) * 1000000); int n = 0;
  FILE *f = fopen(argv[1], "r");
  if (!f) { perror(argv[1]); return 2; }
  while (n < 1000000 && fscanf(f, "%7s %23s %lf %lf %lf %lf %lld %lld %lf", rows[n].sym, rows[n].ts, &rows[n].o, &rows[n].h, &rows[n].l, &rows[n].c, &rows[n].v, &rows[n].n, &rows[n].vw) == 9) n++;
  fclose(f);
  sqlite3 *db; char side[4096];
  remove(file);   /* and a WAL or shared-memory file an earlier run left */
  snprintf(side, sizeof side, "%s-wal", file); remove(side);
  snprintf(side, sizeof side, "%s-shm", file); remove(side);
  OK(sqlite3_open(file, &db));
  OK(sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;", 0, 0, 0));
  char ddl[1024]; snprintf(ddl, sizeof ddl, "CREATE TABLE bars (symbol TEXT NOT NULL, ts TEXT NOT NULL, open REAL NOT NULL, high REAL NOT NULL, low REAL NOT NULL, close REAL NOT NULL, volume INTEGER NOT NULL, trade_count INTEGER NOT NULL, vwap REAL NOT NULL, source TEXT NOT NULL, ingested_at TEXT NOT NULL, PRIMARY KEY (source, symbol, ts))%s", rowid ? "" : " WITHOUT ROWID");
  OK(sqlite3_exec(db, ddl, 0, 0, 0));
  sqlite3_stmt *st = prepare(db, per), *one = prepare(db, 1);
  double t0 = now(), c0 = cpu(); long long done = 0;
  for (int p = 0; p < n; p += 10000) {
    int end = p + 10000 < n ? p + 10000 : n;
    OK(sqlite3_exec(db, "BEGIN IMMEDIATE", 0, 0, 0));
    int i = p;
    for (; i + per <= end; i += per) { run(db, st, rows + i, per, source, ingested); done += per; }
    for (; i < end; i++) { run(db, one, rows + i, 1, source, ingested); done++; }
    OK(sqlite3_exec(db, "COMMIT", 0, 0, 0));
  }
  double secs = now() - t0, cs = cpu() - c0;
  sqlite3_stmt *q; sqlite3_prepare_v2(db, "SELECT COUNT(*) FROM bars", -1, &q, 0); sqlite3_step(q);
  long long stored = sqlite3_column_int64(q, 0);
  printf("%d a statement, %s: %lld bars in %.2f s = %.0f bars/s (CPU %.2f s = %.0f bars/s), SQLite %s\n", per,
         rowid ? "table with a rowid (V1-V8)" : "WITHOUT ROWID (V9)", done, secs, done / secs, cs, done / cs, sqlite3_libversion());
  if (stored != n) { fprintf(stderr, "stored %lld of %d bars\n", stored, n); return 1; }
  return 0;
}
