package com.marketbars.ingest.dlq;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link DeadLetterStoreTest}, each in a PostgreSQL schema of its own. */
class DeadLetterStorePostgresTest extends DeadLetterStoreTest {
    DeadLetterStorePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
