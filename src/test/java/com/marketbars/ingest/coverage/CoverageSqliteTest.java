package com.marketbars.ingest.coverage;

import com.marketbars.ingest.store.SqlDialect;

/** The specs of {@link CoverageTest}, each in a SQLite file of its own. */
class CoverageSqliteTest extends CoverageTest {
    CoverageSqliteTest() {
        super(SqlDialect.SQLITE);
    }
}
