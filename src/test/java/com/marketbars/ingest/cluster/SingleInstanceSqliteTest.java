package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.SqlDialect;

import java.time.Duration;

/**
 * {@link SingleInstanceTest} on a SQLite file: feed leases in the file; a killed leader's pid is gone, so the standby
 * takes its feed at its next attempt (within about two seconds, the master: consumer's start included); five allow
 * for a loaded build machine.
 */
class SingleInstanceSqliteTest extends SingleInstanceTest {
    SingleInstanceSqliteTest() {
        super(SqlDialect.SQLITE, "standing by for namespace", Duration.ofSeconds(5));
    }
}
