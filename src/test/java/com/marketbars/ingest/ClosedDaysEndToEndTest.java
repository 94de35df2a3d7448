package com.marketbars.ingest;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * No request for a window the exchange is closed through, and a setting to ask anyway: backfills of Thanksgiving
 * week 2026 (Thursday 26 a holiday, Saturday and Sunday closed) against the embedded simulator in its realistic
 * default, through the real CLI into a real SQLite file. Exact either way: what the calendar skips the vendor does not
 * have.
 */
class ClosedDaysEndToEndTest {
    private static final List<String> STOCKS = List.of("AAPL", "MSFT", "SPY");
    private static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant NEXT_MONDAY = Instant.parse("2026-11-30T00:00:00Z");

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private Map<String, String> settings;

    @BeforeEach
    void start() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), STOCKS);
        settings = fixture.settings();
        settings.put("ingest.closed-days", "skip");   // the operator's default
        settings.put("ingest.feeds", "stocks_1day,stocks_1min");
        settings.put("ingest.feed.stocks_1day.timeframe", "1Day");
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aDayFeedAsksForTheWeeksFourSessionsOnlyAndIsExact() throws Exception {
        Cli.Result week = Cli.run(settings, "backfill", "--feed", "stocks_1day", "--from", "2026-11-23", "--to", "2026-11-30", "--quiet");

        assertThat(week.exitCode()).as(week.stderr()).isZero();
        // Monday, Tuesday, Wednesday and Friday: one request each; nothing for Thanksgiving, Saturday or Sunday
        assertThat(fixture.sim.stats().requests(VendorEndpoint.ALPACA_STOCKS)).isEqualTo(4);
        Map<String, List<Bar>> served = GroundTruth.served(fixture.sim.settings().realism(), VendorEndpoint.ALPACA_STOCKS,
                STOCKS, Timeframe.ONE_DAY, MONDAY, NEXT_MONDAY, 0);
        assertThat(served.get("AAPL")).hasSize(4);
        GroundTruth.assertExactly(fixture.dbUrl, served);
    }

    @Test
    void aMinuteFeedAsksNothingForAWeekendAndAsksWhenToldTo() throws Exception {
        Cli.Result weekend = Cli.run(settings, "backfill", "--feed", "stocks_1min", "--from", "2026-11-28", "--to", "2026-11-30", "--quiet");

        assertThat(weekend.exitCode()).as(weekend.stderr()).isZero();
        assertThat(fixture.sim.stats().requests()).isZero();

        settings.put("ingest.closed-days", "ask");
        Cli.Result asked = Cli.run(settings, "backfill", "--feed", "stocks_1min", "--from", "2026-11-28", "--to", "2026-11-30", "--quiet");

        assertThat(asked.exitCode()).as(asked.stderr()).isZero();
        assertThat(fixture.sim.stats().requests(VendorEndpoint.ALPACA_STOCKS)).as("one request a UTC day, answered empty").isEqualTo(2);
        assertThat(GroundTruth.count(fixture.dbUrl)).isZero();
    }
}
