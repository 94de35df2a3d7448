package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link RevisionsEndToEndTest}, each into a SQLite file. */
class RevisionsEndToEndSqliteTest extends RevisionsEndToEndTest {
    RevisionsEndToEndSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
