package com.marketbars.ingest.store;

/** The specs of {@link UniverseStoreTest}, each in a SQLite file of its own. */
class UniverseStoreSqliteTest extends UniverseStoreTest {
    UniverseStoreSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
