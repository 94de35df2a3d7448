package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.model.Timestamps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.time.ZoneOffset;

/**
 * Records, in a page's transaction, what the vendor answered ({@code bar_answers}, migration V11): per symbol and UTC
 * day, the intervals it was asked for and answered, and those it served a bar for. Coverage reads them to tell a thin
 * minute (answered, no bar: nothing to fetch) from a lost bar (served, not stored) and from one not asked yet.
 * <p>
 * Bits are only ever added (a re-read answers again; a bar the vendor withdrew stays served, as bars are never deleted
 * either). Each touched row is made if missing, locked and read, OR'ed and written back in the page's transaction:
 * on PostgreSQL the row lock ({@code FOR UPDATE}) keeps two processes from losing each other's bits; SQLite's
 * transaction holds the file's one write lock from its first write on. Written here because neither store ORs two
 * byte strings in SQL (PostgreSQL's {@code |} is for bit strings of equal length, SQLite has none).
 */
final class BarAnswers {
    private BarAnswers() {
    }

    /** A (symbol, day) row's key, in the order the rows are locked (one order for every writer: no deadlock). */
    private record Key(String symbol, LocalDate day) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = symbol.compareTo(o.symbol);
            return c != 0 ? c : day.compareTo(o.day);
        }
    }

    private record Bits(BitSet asked, BitSet served, BitSet stored) {
        Bits() {
            this(new BitSet(), new BitSet(), new BitSet());
        }
    }

    static void record(Connection c, Database db, String feed, VendorAnswer answer, List<Bar> bars, List<Rejection> rejected)
            throws SQLException {
        Map<Key, Bits> touched = bitsOf(answer, bars, rejected);
        if (touched.isEmpty()) {
            return;
        }
        try (PreparedStatement ensure = c.prepareStatement(db.sql("answers.ensure"));
             PreparedStatement lock = c.prepareStatement(db.sql("answers.lock"));
             PreparedStatement storedBars = c.prepareStatement(db.sql("answers.stored-bar-times"));
             PreparedStatement update = c.prepareStatement(db.sql("answers.update"))) {
            for (Key k : touched.keySet()) {
                ensure.setString(1, feed);
                ensure.setString(2, k.symbol);
                ensure.setString(3, k.day.toString());
                ensure.addBatch();
            }
            ensure.executeBatch();
            for (Map.Entry<Key, Bits> e : touched.entrySet()) {
                Key k = e.getKey();
                Bits add = e.getValue();
                orWithStoredRow(lock, storedBars, feed, k, answer.barLength(), add);
                update.setBytes(1, DayBits.bytes(add.asked));
                update.setBytes(2, DayBits.bytes(add.served));
                update.setBytes(3, DayBits.bytes(add.stored));
                update.setString(4, feed);
                update.setString(5, k.symbol);
                update.setString(6, k.day.toString());
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    /** What this page adds, per symbol and UTC day: the bars served and stored, and the whole range asked. */
    private static Map<Key, Bits> bitsOf(VendorAnswer answer, List<Bar> bars, List<Rejection> rejected) {
        Duration step = answer.barLength();
        Map<Key, Bits> touched = new TreeMap<>();
        for (Bar b : bars) {
            Bits bits = bits(touched, b.symbol(), b.ts());
            bits.served.set(DayBits.index(b.ts(), step));
            bits.stored.set(DayBits.index(b.ts(), step));   // written (or stored already) by this page's transaction
        }
        for (Rejection r : rejected) {
            // a bar the gate refused was served all the same: missing from bars, it is a gap, never a thin minute
            Instant t = onGrid(r.ts(), step);
            if (t != null) {
                bits(touched, r.symbol(), t).served.set(DayBits.index(t, step));
            }
        }
        for (String symbol : answer.answered()) {
            for (Instant t = answer.from(); t.isBefore(answer.to()); ) {
                Instant dayEnd = DayBits.day(t).plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
                Instant end = dayEnd.isBefore(answer.to()) ? dayEnd : answer.to();
                int last = DayBits.index(end.minus(step), step);
                bits(touched, symbol, t).asked.set(DayBits.index(t, step), last + 1);
                t = end;
            }
        }
        return touched;
    }

    /** ORs the row's bits as stored into {@code add}, the row locked till the transaction ends ({@code answers.lock}). */
    private static void orWithStoredRow(PreparedStatement lock, PreparedStatement storedBars, String feed, Key k, Duration step,
                                        Bits add) throws SQLException {
        lock.setString(1, feed);
        lock.setString(2, k.symbol);
        lock.setString(3, k.day.toString());
        try (ResultSet rs = lock.executeQuery()) {
            if (rs.next()) {
                add.asked.or(DayBits.of(rs.getBytes(1)));
                add.served.or(DayBits.of(rs.getBytes(2)));
                byte[] stored = rs.getBytes(3);
                add.stored.or(stored != null ? DayBits.of(stored) : storedBars(storedBars, feed, k, step));
            }
        }
    }

    /**
     * The day's bars as bits, read from bars after the page's own are written: for a row whose stored bitmap is not
     * known (new, from before V15, or forgotten by a delete or by a write without an answer). Once a symbol and day.
     */
    private static BitSet storedBars(PreparedStatement ps, String feed, Key k, Duration step) throws SQLException {
        BitSet out = new BitSet();
        ps.setString(1, feed);
        ps.setString(2, k.symbol);
        ps.setString(3, k.day.atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        ps.setString(4, k.day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().toString());
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.set(DayBits.index(Instant.parse(rs.getString(1)), step));   // as the page's own bars are set
            }
        }
        return out;
    }

    /**
     * Bars written without the vendor's answer (no bar length known here): the stored bitmap of their days is
     * forgotten, so readers count those days from bars until a page with an answer rebuilds it.
     */
    static void forgetStored(Connection c, Database db, String feed, List<Bar> bars) throws SQLException {
        java.util.Set<Key> days = new java.util.TreeSet<>();
        for (Bar b : bars) {
            days.add(new Key(b.symbol(), DayBits.day(b.ts())));
        }
        try (PreparedStatement ps = c.prepareStatement(db.sql("answers.forget-stored"))) {
            for (Key k : days) {
                ps.setString(1, feed);
                ps.setString(2, k.symbol);
                ps.setString(3, k.day.toString());
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    private static Bits bits(Map<Key, Bits> touched, String symbol, Instant t) {
        return touched.computeIfAbsent(new Key(symbol, DayBits.day(t)), k -> new Bits());
    }

    /** A quarantined bar's time when it is one on the feed's grid, else null (an unreadable time says nothing). */
    private static Instant onGrid(String ts, Duration step) {
        if (ts == null) {
            return null;
        }
        try {
            Instant t = Timestamps.parse(ts);
            return Math.floorMod(t.toEpochMilli(), step.toMillis()) == 0 ? t : null;
        } catch (RuntimeException unreadable) {
            return null;
        }
    }
}
