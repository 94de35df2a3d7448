package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.SqlDialect;

import java.time.Duration;

/**
 * {@link SingleInstanceTest} in a PostgreSQL schema of its own: feed leases in the database; the server ends a killed
 * leader's session at once, so the standby finds its holder dead and should be working within about two seconds (its
 * next one-second attempt, then the master: consumer's one-second start delay); five allows for a loaded build machine.
 */
class SingleInstancePostgresTest extends SingleInstanceTest {
    SingleInstancePostgresTest() {
        super(SqlDialect.POSTGRESQL, "standing by for namespace", Duration.ofSeconds(5));
    }
}
