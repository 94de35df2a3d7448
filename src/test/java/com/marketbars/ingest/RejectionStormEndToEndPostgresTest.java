package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link RejectionStormEndToEndTest}, each into a PostgreSQL schema of its own. */
class RejectionStormEndToEndPostgresTest extends RejectionStormEndToEndTest {
    RejectionStormEndToEndPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
