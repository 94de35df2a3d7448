package com.marketbars.ingest.dlq;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link DeadLetterStoreTest}, each in a SQLite file of its own. */
class DeadLetterStoreSqliteTest extends DeadLetterStoreTest {
    DeadLetterStoreSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
