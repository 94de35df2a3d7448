package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link IngestEndToEndTest}, each into a PostgreSQL schema of its own. */
class IngestEndToEndPostgresTest extends IngestEndToEndTest {
    IngestEndToEndPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
