package com.marketbars.ingest.ops;

import com.marketbars.ingest.store.SqlDialect;

import java.time.Duration;

/** {@link SingleInstanceTest} on a SQLite file: Camel's file lock, whose heartbeat goes stale after three seconds. */
class SingleInstanceSqliteTest extends SingleInstanceTest {
    SingleInstanceSqliteTest() {
        super(SqlDialect.SQLITE, "to attempt initial cluster leadership acquisition", Duration.ofSeconds(15));
    }
}
