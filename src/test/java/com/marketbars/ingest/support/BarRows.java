package com.marketbars.ingest.support;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Timestamps;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;

/** Reads a stored bar back, as the specs compare it with what was written or what the vendor has. */
public final class BarRows {
    private BarRows() {
    }

    /**
     * The bar of a row whose first nine columns are symbol, ts, open, high, low, close, volume, trade_count, vwap. A
     * volume comes back as the store kept it (SQLite: an INTEGER, a REAL or a decimal TEXT; PostgreSQL: a numeric), a
     * NULL trade count or VWAP as null.
     */
    public static Bar read(ResultSet rs) throws SQLException {
        long tradeCount = rs.getLong(8);
        Long trades = rs.wasNull() ? null : tradeCount;
        double vwap = rs.getDouble(9);
        Double vw = rs.wasNull() ? null : vwap;
        return new Bar(rs.getString(1), instant(rs, 2), rs.getDouble(3), rs.getDouble(4),
                rs.getDouble(5), rs.getDouble(6), volume(rs.getObject(7)), trades, vw);
    }

    /**
     * A bar time (ts, ingested_at) as the store keeps it: SQLite's ISO-8601 text, PostgreSQL's timestamptz (V12; a
     * {@link Timestamp} from pgjdbc, an absolute instant whatever the session's TimeZone); null stays null.
     */
    public static Instant instant(ResultSet rs, int column) throws SQLException {
        Object stored = rs.getObject(column);
        if (stored instanceof Timestamp t) {
            return t.toInstant();
        }
        return stored == null ? null : Timestamps.parse((String) stored);   // the store's own fast path: specs read millions
    }

    /** Binds a bar time as the store's column takes it: timestamptz on PostgreSQL, ISO-8601 text on SQLite. */
    public static void bindInstant(PreparedStatement ps, int index, Instant t) throws SQLException {
        if (ps.getConnection().getMetaData().getDatabaseProductName().equals("PostgreSQL")) {
            ps.setObject(index, t.atOffset(ZoneOffset.UTC));
        } else {
            ps.setString(index, t.toString());
        }
    }

    static BigDecimal volume(Object stored) {
        if (stored instanceof BigDecimal d) {
            return d;
        }
        if (stored instanceof Double d) {
            return BigDecimal.valueOf(d);   // the double's shortest text: the decimal that was stored
        }
        if (stored instanceof Number n) {
            return BigDecimal.valueOf(n.longValue());
        }
        return new BigDecimal((String) stored);
    }
}
