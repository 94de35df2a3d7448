package com.marketbars.ingest.backfill;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link BackfillQueueTest} on Sqlite. */
class BackfillQueueSqliteTest extends BackfillQueueTest {
    BackfillQueueSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
