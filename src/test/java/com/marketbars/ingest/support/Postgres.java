package com.marketbars.ingest.support;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * The PostgreSQL server the store and end-to-end specs also run against: 127.0.0.1:5432, user {@code postgres},
 * database {@code test}, trust auth.
 * <p>
 * Each test gets a schema of its own, {@code t_<random>}, made empty and dropped with everything in it afterwards.
 * The URL names it as {@code currentSchema}, so the application, and Flyway, whose default schema is the
 * connection's current one, create every table there: two tests, or two builds on one machine, never meet.
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
