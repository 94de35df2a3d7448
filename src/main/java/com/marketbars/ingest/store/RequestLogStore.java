package com.marketbars.ingest.store;

import com.marketbars.ingest.ratelimit.RequestLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;

/** {@link RequestLog} in the {@code vendor_request_log} table; entries older than {@code keep} are pruned as it goes. */
public final class RequestLogStore implements RequestLog {
    /** Fixed width, so text order is time order (Instant.toString() drops zero fractions). */
    private static final DateTimeFormatter FIXED = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final Database db;
    private final Duration keep;
    private long inserts;

    public RequestLogStore(Database db, Duration keep) {
        this.db = db;
        this.keep = keep;
    }

    @Override
    public void sent(String endpoint, Instant at) {
        try (Connection c = db.writer().getConnection()) {
            try (PreparedStatement ps = c.prepareStatement(db.sql("requests.insert"))) {
                ps.setString(1, endpoint);
                ps.setString(2, FIXED.format(at));
                ps.executeUpdate();
            }
            if (shouldPrune()) {
                try (PreparedStatement ps = c.prepareStatement(db.sql("requests.prune"))) {
                    ps.setString(1, endpoint);
                    ps.setString(2, FIXED.format(at.minus(keep)));
                    ps.executeUpdate();
                }
            }
        } catch (SQLException e) {
            throw new StoreException("logging a vendor request failed", e);
        }
    }

    private synchronized boolean shouldPrune() {
        return ++inserts % 100 == 1;
    }

    @Override
    public List<Instant> sentSince(String endpoint, Instant since) {
        List<Instant> out = new ArrayList<>();
        try (Connection c = db.dataSource().getConnection();
             PreparedStatement ps = c.prepareStatement(db.sql("requests.since"))) {
            ps.setString(1, endpoint);
            ps.setString(2, FIXED.format(since));
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Instant.parse(rs.getString(1)));
                }
            }
        } catch (SQLException e) {
            throw new StoreException("reading the vendor request log failed", e);
        }
        return out;
    }
}
