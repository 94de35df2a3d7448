package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Timestamps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Keeps each symbol's first and last bar ({@code bar_extents}, migration V15) in a page's transaction, so coverage
 * reads a feed's history from one small row a symbol instead of two seeks of {@code bars} a symbol (and partition).
 * A delete of a bar makes its symbol's row not known (NULL, the trigger of V15); the next page of the symbol finds
 * it again from {@code bars}. Rows are written in symbol order, as {@link BarAnswers} locks its rows: no deadlock.
 */
final class BarExtents {
    private BarExtents() {
    }

    private record Extent(Instant first, Instant last) {
        Extent with(Instant t) {
            return new Extent(t.isBefore(first) ? t : first, t.isAfter(last) ? t : last);
        }
    }

    static void keep(Connection c, Database db, String feed, List<Bar> bars) throws SQLException {
        Map<String, Extent> page = new TreeMap<>();
        for (Bar b : bars) {
            page.merge(b.symbol(), new Extent(b.ts(), b.ts()), (a, n) -> a.with(n.first()));
        }
        try (PreparedStatement upsert = c.prepareStatement(db.sql("extents.upsert"));
             PreparedStatement rebuild = c.prepareStatement(db.sql("extents.rebuild"))) {
            for (Map.Entry<String, Extent> e : page.entrySet()) {
                upsert.setString(1, feed);
                upsert.setString(2, e.getKey());
                upsert.setString(3, Timestamps.text(e.getValue().first()));
                upsert.setString(4, Timestamps.text(e.getValue().last()));
                upsert.addBatch();
                rebuild.setString(1, feed);
                rebuild.setString(2, e.getKey());
                rebuild.addBatch();
            }
            upsert.executeBatch();
            rebuild.executeBatch();
        }
    }
}
