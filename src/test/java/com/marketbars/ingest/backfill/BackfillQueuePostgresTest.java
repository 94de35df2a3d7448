package com.marketbars.ingest.backfill;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link BackfillQueueTest} on Postgres. */
class BackfillQueuePostgresTest extends BackfillQueueTest {
    BackfillQueuePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
