package com.marketbars.ingest.store;

/** The specs of {@link FeedsUpgradeTest} on Postgres. */
class FeedsUpgradePostgresTest extends FeedsUpgradeTest {
    FeedsUpgradePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
