package com.marketbars.ingest.store;

/** The specs of {@link StoreStatusTest}, each in a SQLite file of its own. */
class StoreStatusSqliteTest extends StoreStatusTest {
    StoreStatusSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
