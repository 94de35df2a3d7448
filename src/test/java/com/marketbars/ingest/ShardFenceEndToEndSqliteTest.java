package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link ShardFenceEndToEndTest} on SQLite. */
class ShardFenceEndToEndSqliteTest extends ShardFenceEndToEndTest {
    ShardFenceEndToEndSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
