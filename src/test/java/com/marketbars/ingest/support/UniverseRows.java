package com.marketbars.ingest.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Reads a feed's universe and its refreshes directly, as an operator with a SQL shell would. */
public final class UniverseRows {
    private UniverseRows() {
    }

    /** The feed's universe, in symbol order. */
    public static List<String> symbols(String jdbcUrl, String feed) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement("SELECT symbol FROM universe WHERE source = ? ORDER BY symbol")) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    /** "outcome|detail" of the feed's last refresh, or "" before the first. */
    public static String lastRefresh(String jdbcUrl, String feed) throws SQLException {
        try (Connection c = DriverManager.getConnection(jdbcUrl);
             PreparedStatement ps = c.prepareStatement("SELECT outcome, detail FROM universe_refresh WHERE source = ? ORDER BY id DESC LIMIT 1")) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) + "|" + rs.getString(2) : "";
            }
        }
    }
}
