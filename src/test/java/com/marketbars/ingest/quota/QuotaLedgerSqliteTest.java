package com.marketbars.ingest.quota;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link QuotaLedgerTest} on Sqlite. */
class QuotaLedgerSqliteTest extends QuotaLedgerTest {
    QuotaLedgerSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
