package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link RejectionStormEndToEndTest}, each into a SQLite file. */
class RejectionStormEndToEndSqliteTest extends RejectionStormEndToEndTest {
    RejectionStormEndToEndSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
