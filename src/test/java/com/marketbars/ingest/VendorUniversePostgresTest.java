package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link VendorUniverseTest} in a PostgreSQL schema of their own. */
class VendorUniversePostgresTest extends VendorUniverseTest {
    VendorUniversePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
