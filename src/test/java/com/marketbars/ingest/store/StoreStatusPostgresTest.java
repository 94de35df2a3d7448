package com.marketbars.ingest.store;

/** The specs of {@link StoreStatusTest}, each in a PostgreSQL schema of its own. */
class StoreStatusPostgresTest extends StoreStatusTest {
    StoreStatusPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
