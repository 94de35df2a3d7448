package com.marketbars.ingest.support;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;

import java.nio.file.Path;

/** A test database of either dialect ({@link TestDatabase#migrated}), opened through the application's {@link Database}; close() closes and removes both. */
public record OpenedDatabase(TestDatabase database, Database db) implements AutoCloseable {

    /** @throws org.opentest4j.TestAbortedException when the dialect is PostgreSQL and no server answers, outside CI */
    public static OpenedDatabase open(SqlDialect dialect, Path dir, int poolSize) {
        TestDatabase database = TestDatabase.migrated(dialect, dir);
        try {
            return new OpenedDatabase(database, Database.open(database.url(), poolSize));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            db.close();
        } finally {
            database.close();
        }
    }
}
