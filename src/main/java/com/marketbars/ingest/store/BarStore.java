package com.marketbars.ingest.store;

import com.marketbars.ingest.pipeline.Bar;
import com.marketbars.ingest.quality.QuarantineStore;
import com.marketbars.ingest.quality.Rejection;

import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * Idempotent writes of bars: {@code INSERT ... ON CONFLICT (symbol, ts) DO NOTHING} in JDBC batches, one
 * transaction per call, so a page is either wholly durable or not at all, and writing it again adds nothing.
 * The page's rejected bars are quarantined in the same transaction.
 */
public final class BarStore {
    private static final int JDBC_BATCH = 1_000;

    private final Database db;
    private final Clock clock;

    public BarStore(Database db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Writes the bars and quarantines the rejections of one page in a single transaction. */
    public WriteResult write(String source, List<Bar> bars, List<Rejection> rejected) {
        if (bars.isEmpty() && rejected.isEmpty()) {
            return WriteResult.NONE;
        }
        String ingestedAt = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
        return db.inWriteTransaction("writing " + bars.size() + " bars", c -> {
            long inserted = 0;
            long attempted = 0;
            try (PreparedStatement ps = c.prepareStatement(db.sql("bars.insert"))) {
                int pending = 0;
                for (Bar b : bars) {
                    ps.setString(1, b.symbol());
                    ps.setString(2, b.ts().toString());
                    ps.setDouble(3, b.open());
                    ps.setDouble(4, b.high());
                    ps.setDouble(5, b.low());
                    ps.setDouble(6, b.close());
                    ps.setLong(7, b.volume());
                    ps.setLong(8, b.tradeCount());
                    ps.setDouble(9, b.vwap());
                    ps.setString(10, source);
                    ps.setString(11, ingestedAt);
                    ps.addBatch();
                    if (++pending == JDBC_BATCH) {
                        inserted += newRows(ps.executeBatch());
                        attempted += pending;
                        pending = 0;
                    }
                }
                if (pending > 0) {
                    inserted += newRows(ps.executeBatch());
                    attempted += pending;
                }
            }
            QuarantineStore.insert(c, db, source, rejected, ingestedAt);
            return new WriteResult(inserted, attempted - inserted, rejected.size());
        });
    }

    private static long newRows(int[] counts) {
        long n = 0;
        for (int c : counts) {
            if (c == Statement.SUCCESS_NO_INFO) {
                throw new IllegalStateException("the JDBC driver did not report per-row counts; cannot tell new rows from duplicates");
            }
            n += c;
        }
        return n;
    }
}
