package com.marketbars.ingest.support;

import com.marketbars.ingest.store.BarPartitions;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.SqlDialect;
import org.junit.jupiter.api.Assumptions;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The PostgreSQL server the store and end-to-end specs also run against: 127.0.0.1:5432, user {@code postgres},
 * database {@code test}, trust auth.
 * <p>
 * Each test gets a schema of its own, {@code t_<random>}, made empty and dropped with everything in it afterwards.
 * The URL names it as {@code currentSchema}, so the application, and Flyway, whose default schema is the
 * connection's current one, create every table there: two tests, or two builds on one machine, never meet.
 * <p>
 * A spec of what is stored rather than of how a schema is made takes a {@link #migratedDatabase()} instead: a database
 * of its own, copied by the server from a template that the application's migrations were run on once. The schema
 * and its 15 migrations were most of such a spec's time (197 PostgreSQL specs); database, open, close and drop took
 * 0.55-1.33 s a test as a copy against 0.77-1.74 s as a schema and a migration (2026-12-07, alternating, three runs
 * under other builds' load). A copy's DROP DATABASE makes the server checkpoint, which a DROP SCHEMA did not.
 * <p>
 * Where no server answers, the PostgreSQL runs are skipped with a message saying why. Under CI ({@code CI=true})
 * the same failure fails the run, so a CI build can never go green by skipping them.
 */
public final class Postgres {
    public static final String SERVER = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";

    /** Null until checked; then empty when the server answered, or why it did not. */
    private static String unreachable;

    private Postgres() {
    }

    /** A new empty schema; close() drops it. Skips the calling test (fails it under CI) when no server answers. */
    public static Schema freshSchema() {
        requireServer();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE SCHEMA " + name);
        return new Schema(name, SERVER + "&currentSchema=" + name);
    }

    /** One test's schema. */
    public record Schema(String name, String url) implements TestDatabase {
        /** Drops the schema with its tables; call once the application's connections are closed. */
        @Override
        public void close() {
            execute("DROP SCHEMA IF EXISTS " + name + " CASCADE");
        }
    }

    /**
     * A new database of its own at the latest schema version, as the application's first open leaves one; close()
     * drops it. Skips the calling test (fails it under CI) when no server answers.
     */
    public static Copy migratedDatabase() {
        requireServer();
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("CREATE DATABASE " + name + " TEMPLATE " + template());
        return new Copy(name, databaseUrl(name));
    }

    /** One test's database, a copy of the migrated template. */
    public record Copy(String name, String url) implements TestDatabase {
        /** Drops the database; sessions of the application still open (a killed child's, say) are ended first. */
        @Override
        public void close() {
            execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }

    private static String template;

    /**
     * The template's name, made the first time by whichever JVM of any build on this server asks first (an advisory
     * lock orders them): the migrations' text and this month are in the name, so a changed migration or a new month
     * (whose bars partitions the application makes ahead) gets a template of its own, and builds of other branches
     * never share one. It is built under another name and renamed once complete, so a build killed half-way leaves no
     * half-migrated template.
     */
    private static synchronized String template() {
        if (template != null) {
            return template;
        }
        String name = "ingest_template_" + migrationsDigest();
        String building = name + "_building";
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute("SELECT pg_advisory_lock(hashtext('market-bars-ingest test template'))");
            try {
                boolean exists;
                try (ResultSet rs = st.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + name + "'")) {
                    exists = rs.next();
                }
                if (!exists) {
                    long started = System.nanoTime();
                    st.execute("DROP DATABASE IF EXISTS " + building + " WITH (FORCE)");
                    st.execute("CREATE DATABASE " + building);
                    long created = System.nanoTime();
                    Database.open(databaseUrl(building), 2).close();
                    long migrated = System.nanoTime();
                    st.execute("ALTER DATABASE " + building + " RENAME TO " + name);
                    // no session may be connected to a template while it is copied
                    st.execute("ALTER DATABASE " + name + " WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
                    System.out.printf("PostgreSQL: the migrated template %s made in %d ms (created %d, migrated %d, renamed %d)%n", name,
                            (System.nanoTime() - started) / 1_000_000, (created - started) / 1_000_000, (migrated - created) / 1_000_000,
                            (System.nanoTime() - migrated) / 1_000_000);
                }
            } finally {
                st.execute("SELECT pg_advisory_unlock(hashtext('market-bars-ingest test template'))");
            }
        } catch (SQLException e) {
            throw new IllegalStateException("making the migrated template database " + name + " failed", e);
        }
        template = name;
        return name;
    }

    /**
     * The PostgreSQL migrations' names and text, the classes that run them and make bars partitions ahead on open, and
     * this month (UTC), as 12 hex digits.
     */
    private static String migrationsDigest() {
        String folder = SqlDialect.POSTGRESQL.migrationLocation().substring("classpath:".length());
        try {
            URL dir = Postgres.class.getClassLoader().getResource(folder);
            if (dir == null || !"file".equals(dir.getProtocol())) {
                throw new IllegalStateException("the migrations are not a folder on the test class path: " + dir);
            }
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
                for (Path f : files.sorted().toList()) {
                    sha.update(f.getFileName().toString().getBytes());
                    sha.update(Files.readAllBytes(f));
                }
            }
            for (Class<?> c : new Class<?>[] {Database.class, BarPartitions.class}) {
                try (var in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                    sha.update(in.readAllBytes());
                }
            }
            sha.update(YearMonth.now(ZoneOffset.UTC).toString().getBytes());
            return HexFormat.of().formatHex(sha.digest()).substring(0, 12);
        } catch (Exception e) {
            throw new IllegalStateException("reading the PostgreSQL migrations failed", e);
        }
    }

    private static String databaseUrl(String database) {
        return SERVER.replace("/test?", "/" + database + "?");
    }

    private static synchronized void requireServer() {
        if (unreachable == null) {
            unreachable = probe();
            if (!unreachable.isEmpty() && !ci()) {
                System.err.println("WARNING: PostgreSQL not reachable at " + SERVER + " (" + unreachable
                        + "): the PostgreSQL runs of the store and end-to-end tests are skipped");
            }
        }
        if (unreachable.isEmpty()) {
            return;
        }
        String message = "PostgreSQL not reachable at " + SERVER + " (" + unreachable + ")";
        if (ci()) {
            throw new IllegalStateException(message + "; CI=true, so this fails the run instead of skipping it");
        }
        Assumptions.assumeTrue(false, message + ": skipped");
    }

    /** Empty when a connection could be made, else the reason. Bounded, so a dead host costs seconds, once. */
    private static String probe() {
        try (Connection c = DriverManager.getConnection(SERVER + "&connectTimeout=5&loginTimeout=10")) {
            return "";
        } catch (SQLException e) {
            return e.toString();
        }
    }

    private static boolean ci() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static void execute(String sql) {
        try (Connection c = DriverManager.getConnection(SERVER); Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + " failed", e);
        }
    }
}
