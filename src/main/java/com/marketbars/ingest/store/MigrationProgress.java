package com.marketbars.ingest.store;

import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;

import java.util.function.Consumer;

/**
 * Says what an upgrade does while it does it. Flyway's own log is kept at WARN (logback.xml), so a migration that
 * rewrites a large table - SQLite's V9 copies every bar, about 2 s a million - would otherwise hold the process
 * silently for minutes at the first start of a release. A database an earlier release made gets a line before and
 * after each migration; a new one (every migration at once, from version 1, in a moment) gets none, beside the one
 * summary line {@link Database} logs either way.
 */
final class MigrationProgress extends BaseCallback {
    private final String location;
    private final Consumer<String> log;
    /** Decided at the first migration this run: null until then. */
    private Boolean upgrading;
    private long startedAt;

    MigrationProgress(String location, Consumer<String> log) {
        this.location = location;
        this.log = log;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE || event == Event.AFTER_EACH_MIGRATE;
    }

    @Override
    public void handle(Event event, Context context) {
        MigrationInfo m = context.getMigrationInfo();
        if (upgrading == null) {
            // a new database starts at version 1; a database of an earlier release, past it (no baseline is configured).
            // Decided without a query: a callback's statement on PostgreSQL takes a connection beyond Flyway's two
            upgrading = !m.getVersion().getVersion().equals("1");
        }
        if (!upgrading) {
            return;
        }
        if (event == Event.BEFORE_EACH_MIGRATE) {
            startedAt = System.nanoTime();
            log.accept("Upgrading the database " + location + " to schema version " + m.getVersion() + " (" + m.getDescription()
                    + "); what an upgrade rewrites and costs: docs/operations.md#upgrades");
        } else {
            log.accept("Schema version " + m.getVersion() + " of " + location + " done in "
                    + String.format("%.1f s", (System.nanoTime() - startedAt) / 1e9));
        }
    }
}
