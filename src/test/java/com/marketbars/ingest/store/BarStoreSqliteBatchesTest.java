package com.marketbars.ingest.store;

/**
 * The specs of {@link BarStoreTest} on SQLite with every page in JDBC batches ({@link BarStore#withJdbcBatches}): the
 * baseline of the benchmarks, which the multi-row statements must count alike.
 */
class BarStoreSqliteBatchesTest extends BarStoreTest {
    BarStoreSqliteBatchesTest() {
        super(SqlDialect.SQLITE, BarStore::withJdbcBatches);
    }
}
