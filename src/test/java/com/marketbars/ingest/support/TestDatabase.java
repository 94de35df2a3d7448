package com.marketbars.ingest.support;

import com.marketbars.ingest.store.SqlDialect;

import java.nio.file.Path;

/**
 * A fresh, empty database for one test, of either dialect the application supports; close() removes it. A spec that
 * must hold on both stores is an abstract {@code XTest} taking the dialect in its constructor, run by
 * {@code XSqliteTest} and {@code XPostgresTest}, so a report names the store a failure happened on.
 */
public interface TestDatabase extends AutoCloseable {

    /** The JDBC URL to give {@code ingest.db.url}. */
    String url();

    @Override
    void close();

    /**
     * @param dir the test's temporary directory, where a SQLite file goes (and is deleted with it)
     * @throws org.opentest4j.TestAbortedException when the dialect is PostgreSQL and no server answers, outside CI
     */
    static TestDatabase fresh(SqlDialect dialect, Path dir) {
        return switch (dialect) {
            case SQLITE -> new SqliteFile("jdbc:sqlite:" + dir.resolve("market.db"));
            case POSTGRESQL -> Postgres.freshSchema();
        };
    }

    /**
     * A database for a spec of what is stored, not of how a schema is made: on PostgreSQL a copy of one already
     * migrated ({@link Postgres#migratedDatabase()}), on SQLite a copy of a file already migrated, with its quota
     * ledger ({@link SqliteTemplate}). Either way the application's first open finds the latest schema.
     *
     * @throws org.opentest4j.TestAbortedException when the dialect is PostgreSQL and no server answers, outside CI
     */
    static TestDatabase migrated(SqlDialect dialect, Path dir) {
        return switch (dialect) {
            case SQLITE -> {
                SqliteTemplate.copyTo(dir.resolve("market.db"));
                yield fresh(dialect, dir);
            }
            case POSTGRESQL -> Postgres.migratedDatabase();
        };
    }

    /** A file in the test's @TempDir: JUnit deletes the directory, so there is nothing to drop. */
    record SqliteFile(String url) implements TestDatabase {
        @Override
        public void close() {
        }
    }
}
