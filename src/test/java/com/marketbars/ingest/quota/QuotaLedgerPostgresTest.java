package com.marketbars.ingest.quota;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link QuotaLedgerTest} on Postgres. */
class QuotaLedgerPostgresTest extends QuotaLedgerTest {
    QuotaLedgerPostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
