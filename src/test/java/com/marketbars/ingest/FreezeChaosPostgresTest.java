package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** {@link FreezeChaosTest} on PostgreSQL, as daemons of several hosts would share it (the shared test server, a schema of its own). */
class FreezeChaosPostgresTest extends FreezeChaosTest {
    FreezeChaosPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
