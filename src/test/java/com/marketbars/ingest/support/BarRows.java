package com.marketbars.ingest.support;

import com.marketbars.ingest.pipeline.Bar;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;

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
        return new Bar(rs.getString(1), Instant.parse(rs.getString(2)), rs.getDouble(3), rs.getDouble(4),
                rs.getDouble(5), rs.getDouble(6), volume(rs.getObject(7)), trades, vw);
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
