package com.marketbars.ingest.store;

import com.marketbars.ingest.errors.DatabaseUnavailableException;
import com.marketbars.ingest.errors.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Riding out a database outage: what is tried again, for how long, and what the process says meanwhile. */
class DatabaseOutageTest {
    @TempDir
    Path dir;

    private static StoreException lost() {
        return new StoreException("writing 10 bars failed", new SQLException("FATAL: terminating connection due to administrator command", "57P01"), "h:5432/test");
    }

    private static DatabaseOutage outage(Duration bound) {
        return new DatabaseOutage(bound, Duration.ofMillis(50), Duration.ofMillis(200), Clock.systemUTC(), () -> true);
    }

    @Test
    void workThatFailsBecauseTheDatabaseIsUnavailableIsTriedAgainUntilItSucceedsAndTheOutageEnds() {
        DatabaseOutage outage = outage(Duration.ofSeconds(30));
        AtomicInteger attempts = new AtomicInteger();
        List<String> seen = new ArrayList<>();

        String result = outage.rideOut("a catch-up", () -> {
            if (attempts.incrementAndGet() < 4) {
                throw lost();
            }
            seen.add(outage.describe());
            return "done";
        });

        assertThat(result).isEqualTo("done");
        assertThat(attempts).hasValue(4);
        assertThat(seen).singleElement().asString().startsWith("database unavailable since ")
                .contains("terminating connection due to administrator command");
        assertThat(outage.since()).as("available again").isNull();
        assertThat(outage.describe()).isEmpty();
    }

    @Test
    void pastTheBoundItGivesUpSayingSinceWhen() {
        DatabaseOutage outage = outage(Duration.ofMillis(500));
        AtomicInteger attempts = new AtomicInteger();
        Instant before = Instant.now();

        Throwable gaveUp = catchThrowable(() -> outage.rideOut("a backfill", () -> {
            attempts.incrementAndGet();
            throw lost();
        }));

        assertThat(gaveUp).isInstanceOf(DatabaseUnavailableException.class)
                .hasMessageContaining("for longer than ingest.db.max-outage (PT0.5S)");
        assertThat(gaveUp.getCause()).isInstanceOf(StoreException.class);
        assertThat(((DatabaseUnavailableException) gaveUp).since()).isAfterOrEqualTo(before);
        assertThat(attempts.get()).as("tried again with backoff, 50 ms doubling up to 200 ms").isBetween(3, 8);
        assertThat(outage.since()).as("still unavailable as far as this process knows").isNotNull();
    }

    @Test
    void noOtherFailureIsTriedAgain() {
        DatabaseOutage outage = outage(Duration.ofSeconds(30));
        AtomicInteger attempts = new AtomicInteger();
        StoreException full = new StoreException("writing failed", new org.sqlite.SQLiteException("[SQLITE_FULL] database or disk is full",
                org.sqlite.SQLiteErrorCode.SQLITE_FULL), "/x/market.db");

        assertThat(catchThrowable(() -> outage.rideOut("w", () -> {
            attempts.incrementAndGet();
            throw full;
        }))).isSameAs(full);
        assertThat(catchThrowable(() -> outage.rideOut("w", () -> {
            attempts.incrementAndGet();
            throw new IllegalStateException("a bug");
        }))).isInstanceOf(IllegalStateException.class);
        assertThat(attempts).hasValue(2);
        assertThat(outage.since()).isNull();
    }

    @Test
    void aStoppingProcessStopsTryingAtOnce() {
        DatabaseOutage outage = new DatabaseOutage(Duration.ofMinutes(10), Duration.ofSeconds(5), Duration.ofSeconds(5), Clock.systemUTC(), () -> false);
        long t0 = System.nanoTime();
        assertThat(catchThrowable(() -> outage.rideOut("w", () -> {
            throw lost();
        }))).isInstanceOf(DatabaseUnavailableException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void anOutageIsMarkedForStatusWhileItLastsAndTheMarkerIsGoneAfter() {
        OutageMarker marker = new OutageMarker(dir.resolve("market.db.outage"));
        DatabaseOutage outage = outage(Duration.ofSeconds(30)).markedIn(marker);

        outage.unavailable(lost());

        assertThat(marker.read()).hasValueSatisfying(o -> {
            assertThat(o.since()).isEqualTo(outage.since());
            assertThat(o.pid()).isEqualTo(ProcessHandle.current().pid());
            assertThat(o.reporterAlive()).isTrue();
            assertThat(o.describe()).startsWith("database unavailable since " + outage.since() + " (reported by pid ")
                    .contains("terminating connection due to administrator command");
        });
        outage.available();
        assertThat(Files.exists(marker.file())).isFalse();
        assertThat(marker.read()).isEmpty();
    }
}
