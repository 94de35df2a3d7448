package com.marketbars.ingest.quality;

import com.marketbars.ingest.store.Database;

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
    public static void insert(Connection c, Database db, String source, List<Rejection> rejections, String now) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(db.sql("quality.insert"))) {
            for (Rejection r : rejections) {
                String raw = r.rawBar().length() > MAX_RAW ? r.rawBar().substring(0, MAX_RAW) + "...(truncated)" : r.rawBar();
                ps.setString(1, source);
                ps.setString(2, r.symbol());
                ps.setString(3, r.ts());
                ps.setString(4, raw);
                ps.setString(5, r.rule().name());
                ps.setString(6, r.detail());
                ps.setString(7, now);
                ps.setString(8, fingerprint(source, r.symbol(), r.rawBar(), r.rule().name()));
                ps.addBatch();
            }
            ps.executeBatch();
        }
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
