package com.marketbars.ingest.ops;

import com.marketbars.ingest.store.SqlDialect;

import java.time.Duration;

/**
 * {@link SingleInstanceTest} in a PostgreSQL schema of its own: the advisory lock, released by the server as soon
 * as the killed leader's session closes, so the standby should be working within about two seconds (its next
 * one-second attempt, then the master: consumer's one-second start delay); five allows for a loaded build machine.
 */
class SingleInstancePostgresTest extends SingleInstanceTest {
    SingleInstancePostgresTest() {
        super(SqlDialect.POSTGRESQL, "standing by for namespace", Duration.ofSeconds(5));
    }
}
