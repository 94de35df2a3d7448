package com.marketbars.ingest.store;

/** The specs of {@link BarStoreTest}, each in a SQLite file of its own. */
class BarStoreSqliteTest extends BarStoreTest {
    BarStoreSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
