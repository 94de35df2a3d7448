package com.marketbars.ingest.store;

/** The specs of {@link FeedsUpgradeTest} on Sqlite. */
class FeedsUpgradeSqliteTest extends FeedsUpgradeTest {
    FeedsUpgradeSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
