package com.marketbars.ingest.store;

/**
 * The specs of {@link BarStoreTest} on PostgreSQL with every page in JDBC batches ({@link BarStore#withJdbcBatches}):
 * the way a page whose (symbol, ts) repeat goes there, and what the COPY write must count alike.
 */
class BarStorePostgresBatchesTest extends BarStoreTest {
    BarStorePostgresBatchesTest() {
        super(SqlDialect.POSTGRESQL, BarStore::withJdbcBatches);
    }
}
