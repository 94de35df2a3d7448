package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link ShardFenceEndToEndTest} on PostgreSQL. */
class ShardFenceEndToEndPostgresTest extends ShardFenceEndToEndTest {
    ShardFenceEndToEndPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
