package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link IngestEndToEndTest}, each into a SQLite file. */
class IngestEndToEndSqliteTest extends IngestEndToEndTest {
    IngestEndToEndSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
