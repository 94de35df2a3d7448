package com.marketbars.ingest.support;

import com.marketbars.ingest.store.Database;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A SQLite database at the latest schema version, with its quota ledger beside it, made once per test JVM by the
 * application's own {@link Database#open} and {@link Database#openQuotaLedger}, and copied for each spec that wants a
 * migrated database: the SQLite counterpart of {@link Postgres#migratedDatabase()}. A fresh file's 15 migrations and
 * the ledger's cost 60 ms of CPU and 170 ms a test once warm (380 ms cold), a copy of the two files about a millisecond;
 * some 300 SQLite specs start from one (2026-12-07).
 * <p>
 * The copy is what the application's first open would leave: the files are copied after every connection to them
 * closed, so SQLite has moved the WAL into the database file and removed it.
 */
final class SqliteTemplate {
    private static Path template;

    private SqliteTemplate() {
    }

    /** Copies the template to {@code file} and its quota ledger beside it ({@code file.quota}). */
    static void copyTo(Path file) {
        Path from = template();
        try {
            Files.createDirectories(file.getParent());
            Files.copy(from, file);
            Files.copy(from.resolveSibling(from.getFileName() + ".quota"), file.resolveSibling(file.getFileName() + ".quota"));
        } catch (IOException e) {
            throw new UncheckedIOException("copying the migrated SQLite template to " + file, e);
        }
    }

    private static synchronized Path template() {
        if (template == null) {
            try {
                Path dir = Files.createTempDirectory("sqlite-template");
                dir.toFile().deleteOnExit();
                Path file = dir.resolve("market.db");
                String url = "jdbc:sqlite:" + file;
                Database.open(url, 2).close();
                Database.openQuotaLedger(url).close();
                for (Path left : new Path[] {file.resolveSibling("market.db-wal"), file.resolveSibling("market.db.quota-wal")}) {
                    if (Files.exists(left) && Files.size(left) > 0) {
                        throw new IllegalStateException("the SQLite template's WAL was not moved into its file on close: " + left);
                    }
                }
                file.toFile().deleteOnExit();
                file.resolveSibling("market.db.quota").toFile().deleteOnExit();
                template = file;
            } catch (IOException e) {
                throw new UncheckedIOException("making the migrated SQLite template", e);
            }
        }
        return template;
    }
}
