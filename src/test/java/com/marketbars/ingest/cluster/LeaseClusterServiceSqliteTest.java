package com.marketbars.ingest.cluster;

import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** {@link LeaseClusterServiceTest} on a SQLite file: the instances of one host, as SQLite allows. */
class LeaseClusterServiceSqliteTest extends LeaseClusterServiceTest {
    @TempDir
    Path dir;
    private int files;

    @Override
    String store() {
        return migrated("jdbc:sqlite:" + dir.resolve("leases-" + ++files + ".db"));
    }
}
