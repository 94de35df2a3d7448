package com.marketbars.ingest;

import com.marketbars.ingest.store.SqlDialect;

/** {@link SharedQuotaEndToEndTest} on Sqlite. */
class SharedQuotaSqliteTest extends SharedQuotaEndToEndTest {
    SharedQuotaSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
