package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Rejection;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;

/** Writes to the {@code data_quality} table: every refused bar, as sent, with its rule. Nothing refused is dropped. */
public final class QuarantineStore {
    private static final int MAX_RAW = 4_000;

    private QuarantineStore() {
    }

    /** Inserts the rejections inside the caller's transaction, so they commit with the bars of the same page. */
    public static void insert(Connection c, Database db, String feed, List<Rejection> rejections, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql("quality.insert"))) {
            for (Rejection r : rejections) {
                String raw = r.rawBar().length() > MAX_RAW ? r.rawBar().substring(0, MAX_RAW) + "...(truncated)" : r.rawBar();
                ps.setString(1, feed);
                ps.setString(2, storable(r.symbol()));
                ps.setString(3, storable(r.ts()));
                ps.setString(4, storable(raw));
                ps.setString(5, r.rule().name());
                ps.setString(6, storable(r.detail()));
                ps.setString(7, now);
                ps.setString(8, fingerprint(feed, r.symbol(), r.rawBar(), r.rule().name()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Vendor text with each NUL character written as JSON escapes it (backslash, u, 0000). PostgreSQL text cannot
     * hold a NUL: one in a symbol key or a timestamp string (Jackson decodes the escape) would make it refuse the
     * whole page, every time the page is read again. Both stores keep the same text.
     */
    static String storable(String vendorText) {
        return vendorText == null || vendorText.indexOf('\0') < 0 ? vendorText : vendorText.replace("\0", "\\u0000");
    }

    private static String fingerprint(String... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (String p : parts) {
                md.update(String.valueOf(p).getBytes(StandardCharsets.UTF_8));
                md.update((byte) 0);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
