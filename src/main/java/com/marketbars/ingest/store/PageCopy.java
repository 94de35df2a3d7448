package com.marketbars.ingest.store;

import com.marketbars.ingest.pipeline.Bar;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The page write on PostgreSQL, by COPY (text format), in the caller's transaction; statements {@code bars.page.*} of
 * postgresql.properties. Two ways, with the same counts:
 * <ul>
 * <li>A page none of whose bars is stored (what a backfill writes) is copied straight into bars: no bar is looked up,
 *     none is inserted speculatively as {@code ON CONFLICT} does, which costs twice as much. Whether any is stored is
 *     asked of the page's first and last bar (a re-read repeats whole pages); should another be stored after all, the
 *     COPY fails on the key (23505), is rolled back to a savepoint before it, and the page goes the other way.</li>
 * <li>Otherwise the page is copied into {@code bars_page}, a temporary table of the session emptied at each commit,
 *     and moved into bars by {@code INSERT ... SELECT ... ON CONFLICT DO NOTHING}, which counts the new bars; the
 *     rest were stored already. In upsert mode, when some were, the page goes again through
 *     {@code ON CONFLICT DO UPDATE ... WHERE} the values are distinct, which counts the revised ones (the bars just
 *     inserted are identical to themselves); the rest were stored with the same values and left alone. (One upsert
 *     statement telling inserted rows by {@code RETURNING xmax = 0} would do, but PostgreSQL 15 refuses system columns
 *     in RETURNING once bars is partitioned.)</li>
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
    static long[] write(Connection c, Database db, WriteMode mode, List<Bar> bars, String source, String ingestedAt) throws SQLException {
        byte[] rows = text(bars, source, ingestedAt);
        if (!anyStored(c, db, source, bars.get(0), bars.get(bars.size() - 1))) {
            Savepoint before = c.setSavepoint();
            try {
                return new long[] {copy(c, db.sql("bars.page.copy-new"), rows, bars.size()), 0};
            } catch (SQLException e) {
                if (!UNIQUE_VIOLATION.equals(e.getSQLState())) {
                    throw e;
                }
                c.rollback(before);   // a bar between the first and the last was stored: the page goes the other way
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute(db.sql("bars.page.create"));
        }
        copy(c, db.sql("bars.page.copy"), rows, bars.size());
        long inserted;
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(db.sql("bars.page.insert"))) {
            rs.next();
            inserted = rs.getLong(1);
        }
        if (mode != WriteMode.UPSERT || inserted == bars.size()) {
            return new long[] {inserted, 0};
        }
        try (Statement st = c.createStatement()) {
            return new long[] {inserted, st.executeUpdate(db.sql("bars.page.revise"))};
        }
    }

    private static boolean anyStored(Connection c, Database db, String source, Bar first, Bar last) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql("bars.page.stored"))) {
            int i = 0;
            for (Bar b : List.of(first, last)) {
                ps.setString(++i, source);
                ps.setString(++i, b.symbol());
                ps.setString(++i, b.ts().toString());
            }
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

    /** The bars as COPY's text format: a line per bar, tab-separated, in the column order of bars.page.copy*. */
    static byte[] text(List<Bar> bars, String source, String ingestedAt) {
        String end = escaped(new StringBuilder("\t"), source).append('\t').append(ingestedAt).append('\n').toString();
        StringBuilder sb = new StringBuilder(bars.size() * (80 + end.length()));
        for (Bar b : bars) {
            escaped(sb, b.symbol()).append('\t').append(b.ts()).append('\t')
                    .append(b.open()).append('\t').append(b.high()).append('\t').append(b.low()).append('\t').append(b.close()).append('\t')
                    .append(b.volume()).append('\t').append(b.tradeCount()).append('\t').append(b.vwap()).append(end);
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Text as COPY's text format reads it back: a backslash, and the tab, newline and carriage return that would end a
     * column or a row, escaped with a backslash; null as {@code \N}. (Doubles print as Java's shortest exact form,
     * which PostgreSQL reads back to the same double; NaN and Infinity are spelt alike.)
     */
    static StringBuilder escaped(StringBuilder sb, String s) {
        if (s == null) {
            return sb.append("\\N");
        }
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '\\' -> sb.append("\\\\");
                case '\t' -> sb.append("\\t");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                default -> sb.append(ch);
            }
        }
        return sb;
    }
}
