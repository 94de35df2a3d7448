package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.StoreException;
import com.marketbars.ingest.quota.AccountUsage;
import com.marketbars.ingest.model.Limit;
import com.marketbars.ingest.model.Quota;
import com.marketbars.ingest.quota.QuotaLedger;
import com.marketbars.ingest.quota.QuotaRule;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@link QuotaLedger} in the {@code quota_account} and {@code quota_slot} tables (statements {@code quota.*} of the
 * dialect). A slot is taken in one write transaction that first holds the account: on SQLite the file's write lock
 * ({@code BEGIN IMMEDIATE}), on PostgreSQL the account row ({@code FOR UPDATE}); so two processes can never both
 * count a last free slot as theirs.
 */
public final class JdbcQuotaLedger implements QuotaLedger {
    /** Slots are pruned on one take in this many. */
    private static final int PRUNE_EVERY = 256;
    /** 429s are counted over the last hour, so slots are kept at least that long. */
    public static final Duration MIN_KEEP = Duration.ofHours(1);

    private final Database db;
    private final Clock clock;
    private final AtomicLong takes = new AtomicLong();

    public JdbcQuotaLedger(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    @Override
    public void register(String account, Duration keep) {
        long keepMillis = Math.max(keep.toMillis(), MIN_KEEP.toMillis());
        db.inWriteTransaction("registering quota account " + account, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql("quota.register"))) {
                ps.setString(1, account);
                ps.setLong(2, keepMillis);
                ps.executeUpdate();
            }
            return null;
        });
    }

    @Override
    public Take tryTake(String account, Quota quota, Duration maxAnswer, String holder) {
        return db.inWriteTransaction("taking a quota slot of " + account, c -> {
            long pausedUntil;
            Integer vendorLimit;
            long keepMillis;
            try (PreparedStatement ps = c.prepareStatement(db.sql("quota.lock-account"))) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("quota account " + account + " is not registered");
                    }
                    pausedUntil = rs.getLong(1);
                    int v = rs.getInt(2);
                    vendorLimit = rs.wasNull() ? null : v;
                    keepMillis = rs.getLong(3);
                }
            }
            long now = clock.millis();   // read holding the account: another process may have held it a while
            Quota inForce = vendorLimit == null ? quota : quota.withVendorLimit(vendorLimit);
            List<QuotaRule.LimitUse> uses = new ArrayList<>();
            if (now >= pausedUntil) {
                for (Limit l : inForce.limits()) {
                    uses.add(use(c, account, l, now, maxAnswer));
                }
            }
            long wait = QuotaRule.waitMillis(now, pausedUntil, uses);
            if (wait > 0) {
                return Take.waitFor(wait);
            }
            long slot;
            try (PreparedStatement ps = c.prepareStatement(db.sql("quota.take"))) {
                ps.setString(1, account);
                ps.setString(2, holder);
                ps.setLong(3, now);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    slot = rs.getLong(1);
                }
            }
            if (takes.incrementAndGet() % PRUNE_EVERY == 1) {
                try (PreparedStatement ps = c.prepareStatement(db.sql("quota.prune"))) {
                    ps.setString(1, account);
                    ps.setLong(2, now - keepMillis - maxAnswer.toMillis());
                    ps.executeUpdate();
                }
            }
            return Take.taken(slot);
        });
    }

    /** How limit {@code l}'s slots are held at {@code now}; when it is full, also when the next one frees. */
    private QuotaRule.LimitUse use(Connection c, String account, Limit l, long now, Duration maxAnswer) throws SQLException {
        long answeredSince = now - l.periodMillis();
        Held h = held(c, account, l, now, maxAnswer);
        long freesAt = -1;
        long mustFree = h.slots() - l.requests() + 1;   // slots that must free before one more request may go
        if (mustFree > 0 && mustFree <= h.answered()) {
            // only when to ask again: an answer committed since the count moves it, and the next ask counts afresh
            try (PreparedStatement ps = c.prepareStatement(db.sql("quota.nth-answered-since"))) {
                ps.setString(1, account);
                ps.setLong(2, answeredSince);
                ps.setLong(3, mustFree - 1);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        freesAt = rs.getLong(1) + l.periodMillis();
                    }
                }
            }
        }
        return new QuotaRule.LimitUse(l, h.slots(), freesAt);
    }

    /** Slots limit {@code l} holds: answered within its period, or unanswered and sent within it + the longest answer. */
    private record Held(long answered, long slots) {
    }

    private Held held(Connection c, String account, Limit l, long now, Duration maxAnswer) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql("quota.held-since"))) {
            ps.setString(1, account);
            ps.setLong(2, now - l.periodMillis());
            ps.setLong(3, now - l.periodMillis() - maxAnswer.toMillis());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return new Held(rs.getLong(1), rs.getLong(2));
            }
        }
    }

    private long count(Connection c, String statement, String account, long since) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql(statement))) {
            ps.setString(1, account);
            ps.setLong(2, since);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public void answered(long slot, int status) {
        update("answering quota slot " + slot, "quota.answer", clock.millis(), status, slot);
    }

    @Override
    public void pauseUntil(String account, Instant until, int status) {
        // the statement keeps a later pause: an earlier resume time never ends a pause sooner
        update("pausing quota account " + account, "quota.pause", until.toEpochMilli(), status, account, until.toEpochMilli());
    }

    @Override
    public void vendorLimit(String account, int limit) {
        update("recording the vendor's limit of " + account, "quota.vendor-limit", limit, account);
    }

    /** One statement of the dialect with these parameters, in a write transaction of its own. */
    private void update(String what, String statement, Object... parameters) {
        db.inWriteTransaction(what, c -> {
            try (PreparedStatement ps = c.prepareStatement(db.sql(statement))) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public AccountUsage usage(String account, Quota quota, Duration maxAnswer) {
        long now = clock.millis();
        try (Connection c = db.dataSource().getConnection()) {
            long pausedUntil = 0;
            Integer vendorLimit = null;
            try (PreparedStatement ps = c.prepareStatement(db.sql("quota.account"))) {
                ps.setString(1, account);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        pausedUntil = rs.getLong(1);
                        int v = rs.getInt(2);
                        vendorLimit = rs.wasNull() ? null : v;
                    }
                }
            }
            Quota inForce = vendorLimit == null ? quota : quota.withVendorLimit(vendorLimit);
            List<AccountUsage.LimitUsage> limits = new ArrayList<>();
            for (Limit l : inForce.limits()) {
                long since = now - l.periodMillis();
                limits.add(new AccountUsage.LimitUsage(l, count(c, "quota.sent-since", account, since), held(c, account, l, now, maxAnswer).slots()));
            }
            long inFlight = count(c, "quota.in-flight-since", account, now - maxAnswer.toMillis());
            long limited;
            try (PreparedStatement ps = c.prepareStatement(db.sql("quota.status-since"))) {
                ps.setString(1, account);
                ps.setInt(2, 429);
                ps.setLong(3, now - Duration.ofHours(1).toMillis());
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    limited = rs.getLong(1);
                }
            }
            return new AccountUsage(account, Instant.ofEpochMilli(now), limits, inFlight,
                    pausedUntil > now ? Instant.ofEpochMilli(pausedUntil) : null, limited, vendorLimit);
        } catch (SQLException e) {
            throw new StoreException("reading the quota ledger of " + account + " failed", e);
        }
    }
}
