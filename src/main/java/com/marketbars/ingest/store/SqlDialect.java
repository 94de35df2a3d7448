package com.marketbars.ingest.store;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The one place where SQLite and PostgreSQL differ: which migrations run and which statement texts are used.
 * Statements live in {@code db/sql/<dialect>.properties}, migrations in {@code db/migration/<dialect>/}.
 */
public enum SqlDialect {
    SQLITE("sqlite"),
    POSTGRESQL("postgresql");

    private final String folder;
    private final Properties statements = new Properties();

    SqlDialect(String folder) {
        this.folder = folder;
        try (InputStream in = SqlDialect.class.getResourceAsStream("/db/sql/" + folder + ".properties")) {
            if (in == null) {
                throw new IllegalStateException("missing /db/sql/" + folder + ".properties");
            }
            statements.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SqlDialect forUrl(String jdbcUrl) {
        if (jdbcUrl.startsWith("jdbc:sqlite:")) {
            return SQLITE;
        }
        if (jdbcUrl.startsWith("jdbc:postgresql:")) {
            return POSTGRESQL;
        }
        throw new IllegalArgumentException("unsupported database URL: " + jdbcUrl);
    }

    public String migrationLocation() {
        return "classpath:db/migration/" + folder;
    }

    public String sql(String key) {
        String s = statements.getProperty(key);
        if (s == null) {
            throw new IllegalStateException("no statement '" + key + "' for " + folder);
        }
        return s;
    }
}
