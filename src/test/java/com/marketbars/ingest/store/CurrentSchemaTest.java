package com.marketbars.ingest.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A database is handed to Flyway unless every migration of its location is applied: then {@link Database#open} skips
 * Flyway's scan and history read. Told here on real SQLite files, against Flyway's own view of the same database.
 */
class CurrentSchemaTest {
    private static final String SQLITE = SqlDialect.SQLITE.migrationLocation();
    private static final ClassLoader LOADER = CurrentSchemaTest.class.getClassLoader();

    @TempDir
    Path dir;

    private HikariDataSource pool(Path file) {
        HikariConfig c = new HikariConfig();
        c.setJdbcUrl("jdbc:sqlite:" + file);
        c.setMaximumPoolSize(1);
        return new HikariDataSource(c);
    }

    @Test
    void aMigratedDatabaseIsCurrentAtTheVersionFlywaySees() {
        Path file = dir.resolve("market.db");
        Database.open("jdbc:sqlite:" + file, 2).close();
        try (HikariDataSource ds = pool(file)) {
            String flyways = Flyway.configure().dataSource(ds).locations(SQLITE).load().info().current().getVersion().getVersion();
            assertThat(CurrentSchema.version(ds, SQLITE, LOADER)).contains(flyways);
        }
    }

    @Test
    void anEmptyDatabaseIsNot() {
        try (HikariDataSource ds = pool(dir.resolve("empty.db"))) {
            assertThat(CurrentSchema.version(ds, SQLITE, LOADER)).isEmpty();
        }
    }

    @Test
    void aDatabaseAMigrationBehindIsNot() throws Exception {
        Path file = dir.resolve("market.db");
        Database.open("jdbc:sqlite:" + file, 2).close();
        String newest = CurrentSchema.newestMigration(SQLITE, LOADER).orElseThrow().getVersion();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            // as a database of the previous release would read: its newest migration not applied yet
            st.execute("DELETE FROM flyway_schema_history WHERE version = '" + newest + "'");
        }
        try (HikariDataSource ds = pool(file)) {
            assertThat(CurrentSchema.version(ds, SQLITE, LOADER)).isEmpty();
        }
    }

    @Test
    void aFailedMigrationIsLeftToFlyway() throws Exception {
        Path file = dir.resolve("market.db");
        Database.open("jdbc:sqlite:" + file, 2).close();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement st = c.createStatement()) {
            st.execute("UPDATE flyway_schema_history SET success = 0 WHERE installed_rank = (SELECT MAX(installed_rank) FROM flyway_schema_history)");
        }
        try (HikariDataSource ds = pool(file)) {
            assertThat(CurrentSchema.version(ds, SQLITE, LOADER)).isEmpty();
        }
    }

    @Test
    void theNewestMigrationIsFoundInAJarAsInADirectoryAndNumbersCompareAsVersions() throws Exception {
        Path jar = dir.resolve("migrations.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            // with its folders' entries, as the jar and shade plugins write them (a jar without them lists nothing: Flyway runs)
            for (String name : new String[] {"db/", "db/migration/", "db/migration/x/", "db/migration/x/deeper/", "db/migration/y/",
                    "db/migration/x/V2__b.sql", "db/migration/x/V10__j.sql", "db/migration/x/V9_1__i.sql",
                    "db/migration/x/README.md", "db/migration/x/deeper/V99__not_here.sql", "db/migration/y/V50__other.sql"}) {
                out.putNextEntry(new JarEntry(name));
                if (!name.endsWith("/")) {
                    out.write("-- nothing".getBytes());
                }
                out.closeEntry();
            }
        }
        Path folder = Files.createDirectories(dir.resolve("classes/db/migration/x"));
        Files.writeString(folder.resolve("V3__c.sql"), "-- nothing");
        try (URLClassLoader fromJar = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
             URLClassLoader fromDirectory = new URLClassLoader(new URL[] {dir.resolve("classes").toUri().toURL()}, null)) {
            assertThat(CurrentSchema.newestMigration("classpath:db/migration/x", fromJar)).contains(MigrationVersion.fromVersion("10"));
            assertThat(CurrentSchema.newestMigration("classpath:db/migration/x", fromDirectory)).contains(MigrationVersion.fromVersion("3"));
            assertThat(CurrentSchema.newestMigration("classpath:db/migration/none", fromJar)).isEmpty();
        }
    }

    @Test
    void theProductsOwnLocationsHaveTheirNewestMigrationFound() {
        assertThat(CurrentSchema.newestMigration(SqlDialect.SQLITE.migrationLocation(), LOADER)).isPresent();
        assertThat(CurrentSchema.newestMigration(SqlDialect.POSTGRESQL.migrationLocation(), LOADER)).isPresent();
        assertThat(CurrentSchema.newestMigration("classpath:db/migration/sqlite-quota", LOADER)).isPresent();
    }
}
