package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link CheckpointStoreTest}, each in a SQLite file of its own. */
class CheckpointStoreSqliteTest extends CheckpointStoreTest {
    CheckpointStoreSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
