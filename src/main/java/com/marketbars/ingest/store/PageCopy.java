package com.marketbars.ingest.store;

import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.model.Bar;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The page write on PostgreSQL, by COPY in binary format ({@link BinaryCopyRows}), in the caller's transaction;
 * statements {@code bars.page.*} of postgresql.properties. Two ways, with the same counts:
 * <ul>
 * <li>A page none of whose bars is stored (what a backfill writes) is copied straight into bars: no bar is looked up,
 *     none is inserted speculatively as {@code ON CONFLICT} does, which costs twice as much. Whether any is stored is
 *     asked of the first and last bar of each symbol's run ({@link #probed}); should another be stored after all, the
 *     COPY fails on the key (23505), is rolled back to a savepoint before it, and the page goes the other way.</li>
 * <li>Otherwise the page is copied into {@code bars_page}, a temporary table of the session emptied at each commit,
 *     and moved into bars by one statement: insert-only, {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, which
 *     counts the new bars, the rest being stored already; upsert, one that looks each bar up once, inserts the missing
 *     ones and replaces the differing ones, counting both ({@link #upserted}). (An upsert telling inserted rows by
 *     {@code RETURNING xmax = 0} is not possible: PostgreSQL 15 refuses system columns in RETURNING once bars is
 *     partitioned.)</li>
 * </ul>
 */
final class PageCopy {
    private static final String UNIQUE_VIOLATION = "23505";

    private PageCopy() {
    }

    /**
     * Whether no (symbol, ts) occurs twice in the page: one statement cannot write a row twice
     * ({@code ON CONFLICT DO UPDATE} refuses to), so such a page is written bar by bar. The quality gate quarantines a
     * second bar for the same minute of a response (DUPLICATE_IN_RESPONSE), so only a direct caller sends one.
     */
    static boolean distinctKeys(List<Bar> bars) {
        // vendors page by symbol, then time: keys that only increase are distinct, with no set to build
        for (int i = 1; i < bars.size(); i++) {
            Bar a = bars.get(i - 1);
            Bar b = bars.get(i);
            int bySymbol = a.symbol() == null || b.symbol() == null ? -1 : a.symbol().compareTo(b.symbol());
            if (bySymbol > 0 || bySymbol == 0 && a.ts().compareTo(b.ts()) >= 0) {
                return unordered(bars);
            }
        }
        return true;
    }

    private static boolean unordered(List<Bar> bars) {
        Set<List<Object>> keys = new HashSet<>();
        for (Bar b : bars) {
            if (!keys.add(Arrays.asList(b.symbol(), b.ts()))) {
                return false;
            }
        }
        return true;
    }

    /** Writes the bars (distinct keys, at least one) in the caller's transaction; returns {new, revised}. */
    static long[] write(Connection c, Database db, WriteMode mode, List<Bar> bars, String feed, String ingestedAt) throws SQLException {
        byte[] rows = BinaryCopyRows.of(bars, feed, Instant.parse(ingestedAt));
        if (!anyStored(c, db, feed, probed(bars))) {
            Savepoint before = c.setSavepoint();
            try {
                return new long[] {copy(c, db.sql("bars.page.copy-new"), rows, bars.size()), 0};
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);   // a bar the probe did not ask about was stored: the page goes the other way
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute(db.sql("bars.page.create"));
        }
        copy(c, db.sql("bars.page.copy"), rows, bars.size());
        return mode == WriteMode.UPSERT ? upserted(c, db) : new long[] {firstLong(c, db.sql("bars.page.insert")), 0};
    }

    /**
     * Moves bars_page into bars in upsert mode: one statement inserts the bars not stored and rewrites only the stored
     * ones whose values differ ({@code bars.page.upsert}), so an identical bar is neither rewritten nor locked. A bar
     * another process stores while it runs is neither: it was not stored when the statement looked, so its insert
     * finds it and does nothing. The statement tells (fewer inserted than it found missing), and then the page goes
     * through {@code bars.page.revise}, which compares each stored bar as it now is and counts those it replaces.
     */
    private static long[] upserted(Connection c, Database db) throws SQLException {
        long inserted;
        long revised;
        long missing;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(db.sql("bars.page.upsert"))) {
            rs.next();
            inserted = rs.getLong(1);
            revised = rs.getLong(2);
            missing = rs.getLong(3);
        }
        if (inserted < missing) {
            try (Statement st = c.createStatement()) {
                revised += st.executeUpdate(db.sql("bars.page.revise"));
            }
        }
        return new long[] {inserted, revised};
    }

    private static long firstLong(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /**
     * The bars whose being stored tells whether any of the page is: the first and the last of each symbol's run. What
     * a page shares with stored history is, per symbol, a stretch at its start or its end - a re-read repeats whole
     * pages, a window that overlaps the last one repeats its first minutes - so one of these is stored whenever any
     * is, save a hole filled in the middle of a run. Asking only the page's first and last bar missed a symbol in the
     * middle of the page: its COPY then failed on the key, leaving an ERROR line in the server's log and dead rows.
     */
    static List<Bar> probed(List<Bar> bars) {
        List<Bar> probed = new ArrayList<>();
        for (int i = 0; i < bars.size(); i++) {
            boolean firstOfRun = i == 0 || !Objects.equals(bars.get(i - 1).symbol(), bars.get(i).symbol());
            boolean lastOfRun = i == bars.size() - 1 || !Objects.equals(bars.get(i + 1).symbol(), bars.get(i).symbol());
            if (firstOfRun || lastOfRun) {
                probed.add(bars.get(i));
            }
        }
        return probed;
    }

    /** Whether any of the bars is stored, asked in one query. */
    private static boolean anyStored(Connection c, Database db, String feed, List<Bar> probed) throws SQLException {
        String[] symbols = new String[probed.size()];
        String[] times = new String[probed.size()];
        for (int i = 0; i < probed.size(); i++) {
            symbols[i] = probed.get(i).symbol();
            times[i] = String.valueOf(probed.get(i).ts());
        }
        try (PreparedStatement ps = c.prepareStatement(db.sql("bars.page.stored"))) {
            ps.setArray(1, c.createArrayOf("text", symbols));
            ps.setArray(2, c.createArrayOf("text", times));
            ps.setString(3, feed);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Runs the COPY with the rows as its data; returns the rows it copied, which must be all. */
    private static long copy(Connection c, String sql, byte[] rows, int expected) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
        long copied;
        try {
            in.writeToCopy(rows, 0, rows.length);
            copied = in.endCopy();
        } finally {
            if (in.isActive()) {
                in.cancelCopy();
            }
        }
        if (copied != expected) {
            throw new IllegalStateException("COPY took " + copied + " rows of a page of " + expected);
        }
        return copied;
    }
}
