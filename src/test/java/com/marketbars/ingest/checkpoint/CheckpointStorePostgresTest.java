package com.marketbars.ingest.checkpoint;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link CheckpointStoreTest}, each in a PostgreSQL schema of its own. */
class CheckpointStorePostgresTest extends CheckpointStoreTest {
    CheckpointStorePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
