package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link CrashRecoveryTest}, each into a SQLite file. */
class CrashRecoverySqliteTest extends CrashRecoveryTest {
    CrashRecoverySqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
