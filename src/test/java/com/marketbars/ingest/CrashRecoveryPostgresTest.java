package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link CrashRecoveryTest}, each into a PostgreSQL schema of its own. */
class CrashRecoveryPostgresTest extends CrashRecoveryTest {
    CrashRecoveryPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
