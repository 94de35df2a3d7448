package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** {@link SharedQuotaEndToEndTest} on Postgres. */
class SharedQuotaPostgresTest extends SharedQuotaEndToEndTest {
    SharedQuotaPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
