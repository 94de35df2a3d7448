package com.marketbars.ingest.backfill;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link ShardFenceTest} on PostgreSQL. */
class ShardFencePostgresTest extends ShardFenceTest {
    ShardFencePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
