package com.marketbars.ingest.coverage;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link CoverageTest}, each in a PostgreSQL schema of its own. */
class CoveragePostgresTest extends CoverageTest {
    CoveragePostgresTest() {
        super(SqlDialect.POSTGRESQL);
    }
}
