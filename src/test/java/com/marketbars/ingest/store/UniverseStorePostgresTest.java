package com.marketbars.ingest.store;

/** The specs of {@link UniverseStoreTest}, each in a PostgreSQL schema of its own. */
class UniverseStorePostgresTest extends UniverseStoreTest {
    UniverseStorePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
