package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Bar;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The monthly partitions of bars on PostgreSQL (migrations V7, V12): {@code bars_YYYY_MM} holds the bars whose ts (a
 * timestamptz) lies in [the first instant of the month in UTC, that of the next month), i.e. the bars of that month.
 * A month's partition is made before its bars are written: when the
 * database is opened, for this month and the {@link #MONTHS_AHEAD} after it, and before a page with a bar of a month
 * not seen yet is written, for that month and the ones after it (so live ingest finds next months' partitions made
 * weeks ahead, and a backfill of old history gets a partition per month instead of filling bars_default). A month
 * inside an existing partition's range (bars_before_YYYY_MM of an upgraded database, or one made by hand) is left to it.
 * <p>
 * Making one is safe with several processes doing it at once, and never holds up writers of other months: in one
 * transaction, under an advisory lock of the schema's partitions, the months are read again; the new table is made on
 * its own, bars of its month that went to bars_default meanwhile are moved into it, and it is attached, which locks
 * bars only against other DDL (SHARE UPDATE EXCLUSIVE) and bars_default wholly. Locks are waited for at most
 * 5 s; a month whose partition could not be made is tried again a minute later, its bars meanwhile in bars_default.
 * On SQLite there is nothing to do.
 */
public final class BarPartitions {
    /** How many months after the current one (or after a month being written) get their partition ahead. */
    public static final int MONTHS_AHEAD = 2;

    private static final Logger LOG = LoggerFactory.getLogger(BarPartitions.class);
    private static final Pattern RANGE = Pattern.compile("FOR VALUES FROM \\((MINVALUE|'.*')\\) TO \\((MAXVALUE|'.*')\\)");
    /** A timestamptz bound as PostgreSQL prints it in UTC (partition.utc): {@code 2026-12-01 00:00:00+00}. */
    private static final DateTimeFormatter PRINTED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss[.SSSSSS]x");
    private static final DateTimeFormatter NAME = DateTimeFormatter.ofPattern("'bars_'yyyy_MM");
    private static final long RETRY_MILLIS = 60_000;

    private final Database db;
    private final Clock clock;
    private final boolean partitioned;
    /** Months known to have a partition (or to lie in another's range): the write path asks nothing about them. */
    private final Set<YearMonth> covered = ConcurrentHashMap.newKeySet();
    /** Months whose partition could not be made, and when to try again. */
    private final Map<YearMonth, Long> retryAt = new ConcurrentHashMap<>();

    BarPartitions(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
        this.partitioned = db.dialect() == SqlDialect.POSTGRESQL;
    }

    /** Makes the partitions of the current month and the {@link #MONTHS_AHEAD} after it, where missing. */
    public void ensureAhead() {
        ensure(YearMonth.from(clock.instant().atOffset(ZoneOffset.UTC)));
    }

    /** Makes the partitions of the bars' months (and of the months after each) where missing; asks nothing when all are known. */
    public void ensureFor(List<Bar> bars) {
        if (!partitioned) {
            return;
        }
        long from = 1;
        long to = 0;
        for (Bar b : bars) {
            long s = b.ts().getEpochSecond();
            if (s < from || s >= to) {   // the first bar of another month than the last one's
                YearMonth m = YearMonth.from(b.ts().atOffset(ZoneOffset.UTC));
                from = start(m).getEpochSecond();
                to = start(m.plusMonths(1)).getEpochSecond();
                if (!covered.contains(m) || !covered.contains(m.plusMonths(MONTHS_AHEAD))) {
                    ensure(m);
                }
            }
        }
    }

    /** Makes the partitions of {@code first} and the {@link #MONTHS_AHEAD} months after it, where missing. */
    synchronized void ensure(YearMonth first) {
        if (!partitioned) {
            return;
        }
        List<YearMonth> wanted = new ArrayList<>();
        for (int i = 0; i <= MONTHS_AHEAD; i++) {
            YearMonth m = first.plusMonths(i);
            Long retry = retryAt.get(m);
            if (!covered.contains(m) && (retry == null || retry <= clock.millis())) {
                wanted.add(m);
            }
        }
        if (wanted.isEmpty()) {
            return;
        }
        try (Connection c = db.writer().getConnection()) {
            // not Database.inWriteTransaction: a lock not had in time is no database outage
            c.setAutoCommit(false);
            try {
                run(c, "partition.lock-timeout");
                run(c, "partition.lock");
                run(c, "partition.utc");
                List<Instant[]> ranges = ranges(c);
                for (YearMonth m : wanted) {
                    if (!inRange(ranges, m)) {
                        create(c, m);
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                Database.rollback(c, e);
                throw e;
            }
            covered.addAll(wanted);
            wanted.forEach(retryAt::remove);
        } catch (SQLException e) {
            LOG.warn("Could not make the partitions of bars for {} (their bars go to bars_default until then; trying again in a minute): {}",
                    wanted, e.getMessage());
            for (YearMonth m : wanted) {
                retryAt.put(m, clock.millis() + RETRY_MILLIS);
            }
        }
    }

    private void create(Connection c, YearMonth m) throws SQLException {
        run(c, "partition.lock-default");
        Map<String, String> values = Map.of("{partition}", name(m), "{from}", bound(m), "{to}", bound(m.plusMonths(1)));
        run(c, "partition.create", values);
        int moved = run(c, "partition.move-from-default", values);
        run(c, "partition.attach", values);
        LOG.info("Made partition {} of bars for [{}, {}){}", name(m), values.get("{from}"), values.get("{to}"),
                moved > 0 ? " with its " + moved + " bars from bars_default" : "");
    }

    /** Whether month {@code m} is known to have its partition (or to lie in another partition's range). */
    boolean covers(YearMonth m) {
        return covered.contains(m);
    }

    /** The partition of bars for month {@code m}: {@code bars_YYYY_MM}. */
    public static String name(YearMonth m) {
        return NAME.format(m);
    }

    /** A month's bound as the statements take it: its first instant in UTC, {@code 2026-12-01T00:00:00Z}. */
    private static String bound(YearMonth m) {
        return start(m).toString();
    }

    private static Instant start(YearMonth m) {
        return m.atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The {from, to} of every range partition of bars, MINVALUE as {@link Instant#MIN} and MAXVALUE as {@link Instant#MAX}. */
    private List<Instant[]> ranges(Connection c) throws SQLException {
        List<Instant[]> out = new ArrayList<>();
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(db.sql("partition.list"))) {
            while (rs.next()) {
                Matcher range = RANGE.matcher(rs.getString(2));
                if (range.matches()) {
                    out.add(new Instant[] {bound(range.group(1)), bound(range.group(2))});
                }
            }
        }
        return out;
    }

    private static Instant bound(String value) {
        return switch (value) {
            case "MINVALUE" -> Instant.MIN;
            case "MAXVALUE" -> Instant.MAX;
            default -> OffsetDateTime.parse(value.substring(1, value.length() - 1), PRINTED).toInstant();
        };
    }

    /**
     * Whether a partition's range already takes in some of month {@code m}: all of it (bars_before_YYYY_MM, a month's
     * own), or part of it (a range made by hand, which a month's partition would overlap: its bars go there, or to
     * bars_default, and nothing is made).
     */
    private static boolean inRange(List<Instant[]> ranges, YearMonth m) {
        Instant from = start(m);
        Instant to = start(m.plusMonths(1));
        for (Instant[] r : ranges) {
            if (r[0].isBefore(to) && r[1].isAfter(from)) {
                return true;
            }
        }
        return false;
    }

    private int run(Connection c, String key) throws SQLException {
        return run(c, key, Map.of());
    }

    /** Statement {@code key} with its {@code {name}}s filled in: DDL takes no parameters (the values are ours). */
    private int run(Connection c, String key, Map<String, String> values) throws SQLException {
        String sql = db.sql(key);
        for (Map.Entry<String, String> v : values.entrySet()) {
            sql = sql.replace(v.getKey(), v.getValue());
        }
        try (Statement st = c.createStatement()) {
            return st.execute(sql) ? 0 : st.getUpdateCount();
        }
    }
}
