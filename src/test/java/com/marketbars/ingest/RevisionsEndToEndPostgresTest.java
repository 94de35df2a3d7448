package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link RevisionsEndToEndTest}, each into a PostgreSQL schema of its own. */
class RevisionsEndToEndPostgresTest extends RevisionsEndToEndTest {
    RevisionsEndToEndPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
