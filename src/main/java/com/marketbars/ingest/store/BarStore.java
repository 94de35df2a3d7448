package com.marketbars.ingest.store;

import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.WriteResult;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.model.Timestamps;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Idempotent writes of bars, one transaction per call, so a page is either wholly durable or not at all. The page's
 * rejected bars are quarantined in the same transaction.
 * <p>
 * On PostgreSQL a page is copied into a temporary table and moved into bars by one {@code INSERT ... SELECT ...
 * ON CONFLICT} ({@link PageCopy}). On SQLite it goes in multi-row statements ({@value #ROWS} bars each, see
 * {@link #multiRow}). A page in which a (symbol, ts) repeats goes on PostgreSQL in JDBC batches: every bar first
 * through {@code INSERT ... ON CONFLICT (symbol, ts) DO NOTHING}, whose per-row counts tell new rows from stored ones;
 * in {@link WriteMode#UPSERT} the stored ones then go through {@code ON CONFLICT DO UPDATE ... WHERE} the values are
 * distinct: a count of 1 there is a revision, 0 an identical bar that was not rewritten. One statement for both would
 * report 1 for a new and for a revised row alike. Every way counts as writing the page bar by bar, in order, would.
 */
public final class BarStore {
    private static final int JDBC_BATCH = 1_000;
    /** Significant digits every decimal of which a double holds exactly (DBL_DIG, also PostgreSQL's float8 -> numeric). */
    private static final int DOUBLE_DIGITS = 15;
    /**
     * Bars per multi-row statement on SQLite: 100 wrote the most bars per second of 10, 50, 100 and 500 in
     * {@code bench/WriteAlternatives} (fewer pay a step per few rows; more, a statement too large to stay in cache).
     */
    static final int ROWS = 100;
    /** One VALUES row of bars.insert and bars.upsert, which {@link #rows} repeats. */
    private static final String ROW = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

    /** How a page's bars reach the table. */
    private enum Way { COPY, MULTI_ROW, JDBC_BATCHES }

    private final Database db;
    private final Clock clock;
    private final Way way;

    public BarStore(Database db, Clock clock) {
        this(db, clock, db.dialect() == SqlDialect.POSTGRESQL ? Way.COPY : Way.MULTI_ROW);
    }

    private BarStore(Database db, Clock clock, Way way) {
        this.db = db;
        this.clock = clock;
        this.way = way;
    }

    /**
     * A store that writes every page in JDBC batches, one bind per value, on either database (what it did before
     * {@link PageCopy} and multi-row statements): the benchmarks' baseline, and the specs that hold every way to the
     * same counts.
     */
    public static BarStore withJdbcBatches(Database db, Clock clock) {
        return new BarStore(db, clock, Way.JDBC_BATCHES);
    }

    /** Writes in the default mode, {@link WriteMode#INSERT_ONLY}: a stored bar is never changed. */
    public WriteResult write(String feed, List<Bar> bars, List<Rejection> rejected) {
        return write(feed, WriteMode.INSERT_ONLY, bars, rejected);
    }

    /** Writes the bars and quarantines the rejections of one page in a single transaction. */
    public WriteResult write(String feed, WriteMode mode, List<Bar> bars, List<Rejection> rejected) {
        return write(feed, mode, bars, rejected, null);
    }

    /**
     * As {@link #write(String, WriteMode, List, List)}, and records in the same transaction what the vendor answered
     * with this page ({@link BarAnswers}; none when {@code answer} is null).
     */
    public WriteResult write(String feed, WriteMode mode, List<Bar> bars, List<Rejection> rejected, VendorAnswer answer) {
        if (bars.isEmpty() && rejected.isEmpty() && (answer == null || answer.answered().isEmpty())) {
            return WriteResult.NONE;
        }
        String ingestedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        db.partitions().ensureFor(bars);   // in a transaction of its own: the page's must hold no DDL locks
        return db.inWriteTransaction("writing " + bars.size() + " bars", c -> {
            long[] written = bars.isEmpty() ? new long[2]
                    : way == Way.MULTI_ROW ? multiRow(c, mode, bars, feed, ingestedAt)
                    : way == Way.COPY && PageCopy.distinctKeys(bars) ? PageCopy.write(c, db, mode, bars, feed, ingestedAt)
                    : batched(c, mode, bars, feed, ingestedAt);
            QuarantineStore.insert(c, db, feed, rejected, ingestedAt);
            if (answer != null) {
                BarAnswers.record(c, db, feed, answer, bars, rejected);
            } else if (!bars.isEmpty()) {
                BarAnswers.forgetStored(c, db, feed, bars);
            }
            if (!bars.isEmpty()) {
                BarExtents.keep(c, db, feed, bars);
            }
            return new WriteResult(written[0], written[1], bars.size() - written[0] - written[1], rejected.size());
        });
    }

    /**
     * The bars in statements of {@value #ROWS} rows each (the last one shorter); returns {new, revised}. A statement's
     * count is its new rows; the rest of its rows were stored already (or earlier in the page). In upsert mode every
     * statement that had such rows then runs again as {@code DO UPDATE ... WHERE} the values are distinct, after the
     * whole page is inserted, as the stored bars of the bar-by-bar way do: a bar inserted by this page compares equal to
     * itself and counts 0, and a repeated (symbol, ts) compares with its earlier occurrence, so the counts are those
     * of writing the page bar by bar. What it saves over a JDBC batch is SQLite's step, reset and count per bar, and two
     * of the eleven binds (source and ingested_at are bound once a statement).
     */
    private long[] multiRow(Connection c, WriteMode mode, List<Bar> bars, String feed, String ingestedAt) throws SQLException {
        List<Integer> withStored = new ArrayList<>();    // where the statements that met stored rows start
        long inserted = 0;
        try (RowStatements insert = new RowStatements(c, db.sql("bars.insert"))) {
            for (int at = 0; at < bars.size(); at += ROWS) {
                int n = Math.min(ROWS, bars.size() - at);
                int count = insert.run(bars, at, n, feed, ingestedAt);
                inserted += count;
                if (count < n) {
                    withStored.add(at);
                }
            }
        }
        long revised = 0;
        if (mode == WriteMode.UPSERT && !withStored.isEmpty()) {
            try (RowStatements upsert = new RowStatements(c, db.sql("bars.upsert"))) {
                for (int at : withStored) {
                    revised += upsert.run(bars, at, Math.min(ROWS, bars.size() - at), feed, ingestedAt);
                }
            }
        }
        return new long[] {inserted, revised};
    }

    /**
     * One statement of bars.insert or bars.upsert made multi-row, prepared once per row count a page needs: {@value
     * #ROWS}, and the shorter last statement.
     */
    private static final class RowStatements implements AutoCloseable {
        private final Connection c;
        private final String sql;
        private final Map<Integer, PreparedStatement> byRows = new HashMap<>();

        RowStatements(Connection c, String sql) {
            this.c = c;
            this.sql = sql;
        }

        int run(List<Bar> bars, int at, int n, String feed, String ingestedAt) throws SQLException {
            PreparedStatement ps = byRows.get(n);
            if (ps == null) {
                ps = c.prepareStatement(rows(sql, n));
                byRows.put(n, ps);
            }
            return runRows(ps, bars, at, n, feed, ingestedAt);
        }

        @Override
        public void close() throws SQLException {
            for (PreparedStatement ps : byRows.values()) {
                ps.close();
            }
        }
    }

    /**
     * Binds bars [at, at + n) as the statement's n rows and runs it; returns its count. The page's source and
     * ingested_at are parameters 1 and 2, shared by every row ({@link #rows}): two text binds a bar fewer.
     */
    private static int runRows(PreparedStatement ps, List<Bar> bars, int at, int n, String feed, String ingestedAt) throws SQLException {
        ps.setString(1, feed);
        ps.setString(2, ingestedAt);
        for (int r = 0; r < n; r++) {
            bindValues(ps, 2 + r * 9, bars.get(at + r));
        }
        return ps.executeUpdate();
    }

    /**
     * The statement with its one VALUES row repeated n times, numbered: row r takes the bar's nine values from
     * parameters 3 + 9r to 11 + 9r, and source and ingested_at (the row's last two columns) from parameters 1 and 2.
     */
    static String rows(String sql, int n) {
        int at = sql.indexOf(ROW);
        if (at < 0 || sql.indexOf(ROW, at + 1) >= 0) {
            throw new IllegalStateException("expected one VALUES row " + ROW + " in " + sql);
        }
        StringBuilder out = new StringBuilder(sql.length() + n * 64).append(sql, 0, at);
        for (int r = 0; r < n; r++) {
            out.append(r == 0 ? "(" : ", (");
            for (int v = 0; v < 9; v++) {
                out.append('?').append(3 + 9 * r + v).append(", ");
            }
            out.append("?1, ?2)");
        }
        return out.append(sql, at + ROW.length(), sql.length()).toString();
    }

    /** The bars bar by bar in JDBC batches; returns {new, revised}. */
    private long[] batched(Connection c, WriteMode mode, List<Bar> bars, String feed, String ingestedAt) throws SQLException {
        List<Bar> stored = new ArrayList<>();
        int[] insertedCounts = execute(c, "bars.insert", bars, feed, ingestedAt);
        for (int i = 0; i < insertedCounts.length; i++) {
            if (insertedCounts[i] == 0) {
                stored.add(bars.get(i));
            }
        }
        long revised = 0;
        if (mode == WriteMode.UPSERT && !stored.isEmpty()) {
            revised = sum(execute(c, "bars.upsert", stored, feed, ingestedAt));
        }
        return new long[] {bars.size() - stored.size(), revised};
    }

    /** Runs the statement once per bar, in JDBC batches; returns the row count of each bar, in order. */
    private int[] execute(Connection c, String statement, List<Bar> bars, String feed, String ingestedAt) throws SQLException {
        int[] counts = new int[bars.size()];
        try (PreparedStatement ps = c.prepareStatement(db.sql(statement))) {
            int done = 0;
            for (int i = 0; i < bars.size(); i++) {
                bind(ps, 0, bars.get(i), feed, ingestedAt);
                ps.addBatch();
                if (i + 1 - done == JDBC_BATCH || i + 1 == bars.size()) {
                    int[] batch = ps.executeBatch();
                    check(batch, i + 1 - done);
                    System.arraycopy(batch, 0, counts, done, batch.length);
                    done = i + 1;
                }
            }
        }
        return counts;
    }

    /**
     * Binds one bar in the parameter order of bars.insert and bars.upsert (db/sql/*.properties), from parameter
     * {@code after} + 1 on; public for the benchmarks that try other statements of the same rows.
     */
    public static void bind(PreparedStatement ps, int after, Bar b, String feed, String ingestedAt) throws SQLException {
        bindValues(ps, after, b);
        ps.setString(after + 10, feed);
        ps.setString(after + 11, ingestedAt);
    }

    /** The bar's own nine values (all but source and ingested_at), from parameter {@code after} + 1 on. */
    private static void bindValues(PreparedStatement ps, int after, Bar b) throws SQLException {
        ps.setString(after + 1, b.symbol());
        ps.setString(after + 2, Timestamps.text(b.ts()));
        ps.setDouble(after + 3, b.open());
        ps.setDouble(after + 4, b.high());
        ps.setDouble(after + 5, b.low());
        ps.setDouble(after + 6, b.close());
        bindVolume(ps, after + 7, b.volume());
        if (b.tradeCount() == null) {
            ps.setNull(after + 8, Types.BIGINT);
        } else {
            ps.setLong(after + 8, b.tradeCount());
        }
        if (b.vwap() == null) {
            ps.setNull(after + 9, Types.DOUBLE);
        } else {
            ps.setDouble(after + 9, b.vwap());
        }
    }

    /**
     * A volume (in its shortest form, {@link Bar#volume(BigDecimal)}) as the value that keeps it exactly on both
     * databases: a whole volume that fits a long as an integer; a fraction of at most 15 significant digits as a double
     * (every such decimal has a double of its own, which SQLite keeps as a REAL and PostgreSQL turns into the same
     * numeric, both printing it back as sent); anything longer as its decimal text, which PostgreSQL's
     * {@code CAST(? AS numeric)} reads exactly and SQLite keeps as text in the column without a type (V10).
     */
    static void bindVolume(PreparedStatement ps, int at, BigDecimal volume) throws SQLException {
        if (volume.scale() == 0 && volume.unscaledValue().bitLength() < 64) {
            ps.setLong(at, volume.longValueExact());
        } else if (volume.precision() <= DOUBLE_DIGITS) {
            ps.setDouble(at, volume.doubleValue());
        } else {
            ps.setString(at, volume.toPlainString());
        }
    }

    private static void check(int[] counts, int expected) {
        if (counts.length != expected) {
            throw new IllegalStateException("the JDBC driver reported " + counts.length + " counts for a batch of " + expected);
        }
        for (int c : counts) {
            if (c == Statement.SUCCESS_NO_INFO) {
                // e.g. PostgreSQL's reWriteBatchedInserts=true: new, revised and unchanged rows could not be told apart
                throw new IllegalStateException("the JDBC driver did not report per-row counts; cannot tell new rows from duplicates");
            }
        }
    }

    private static long sum(int[] counts) {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
