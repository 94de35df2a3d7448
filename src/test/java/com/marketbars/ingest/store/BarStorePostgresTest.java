package com.marketbars.ingest.store;

/** The specs of {@link BarStoreTest}, each in a PostgreSQL schema of its own. */
class BarStorePostgresTest extends BarStoreTest {
    BarStorePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
