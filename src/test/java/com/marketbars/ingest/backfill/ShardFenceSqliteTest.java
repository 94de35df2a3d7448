package com.marketbars.ingest.backfill;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link ShardFenceTest} on SQLite. */
class ShardFenceSqliteTest extends ShardFenceTest {
    ShardFenceSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
