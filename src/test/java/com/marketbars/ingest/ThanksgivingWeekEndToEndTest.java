package com.marketbars.ingest;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.coverage.Cell;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.coverage.CoverageGrid;
import com.marketbars.ingest.coverage.DayStatus;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.Plans;
import com.marketbars.ingest.support.PunchedHoles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static com.marketbars.ingest.support.PunchedHoles.hole;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Thanksgiving week 2026 against the embedded simulator speaking like the real vendors - thin symbols and
 * extended-hours bars turned on beside its defaults (fractional crypto volumes, absent n and vw, NYSE's holidays and
 * early closes) - through the real CLI into a real SQLite file: every bar stored exactly as served, a crypto feed's
 * fractions included; every session day complete in coverage however thin, Thursday 26 without a session, Friday 27
 * expecting 09:30-13:00 New York; a deleted hour is exactly its lost bars, and a refetch makes the week whole again.
 */
class ThanksgivingWeekEndToEndTest {
    private static final String FEED = "alpaca_bars_1min";
    private static final List<String> STOCKS = List.of("AAPL", "MSFT", "NVDA", "SPY", "ZZZT", "QQQX");
    private static final List<String> PAIRS = List.of("BTC/USD", "ETH/USD", "DOGE/USD");
    private static final Instant MONDAY = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant SATURDAY = Instant.parse("2026-11-28T00:00:00Z");
    private static final LocalDate THANKSGIVING = LocalDate.parse("2026-11-26");
    private static final LocalDate EARLY_CLOSE = LocalDate.parse("2026-11-27");

    @TempDir
    Path dir;
    private IngestFixture fixture;

    @BeforeEach
    void start() throws Exception {
        SimulatorSettings realistic = new SimulatorSettings();
        realistic.thinShare = 0.5;
        realistic.extendedHours = true;
        fixture = IngestFixture.start(dir, realistic, STOCKS);
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void aRealisticWeekIsStoredExactlyCompleteInCoverageAndALostHourIsExactlyOneGapUntilRefetched() throws Exception {
        Map<String, String> settings = fixture.settings();
        settings.put("ingest.feeds", FEED + ",crypto_1min");
        settings.put("ingest.feed.crypto_1min.provider", "alpaca-crypto");
        settings.put("ingest.feed.crypto_1min.universe", String.join(",", PAIRS));

        Cli.Result stocks = Cli.run(settings, "backfill", "--feed", FEED, "--from", "2026-11-23", "--to", "2026-11-28", "--quiet");
        Cli.Result crypto = Cli.run(settings, "backfill", "--feed", "crypto_1min", "--from", "2026-11-23", "--to", "2026-11-28", "--quiet");

        assertThat(stocks.exitCode()).as(stocks.stderr()).isZero();
        assertThat(crypto.exitCode()).as(crypto.stderr()).isZero();
        var realism = fixture.sim.settings().realism();
        Map<String, List<Bar>> servedStocks = GroundTruth.served(realism, VendorEndpoint.ALPACA_STOCKS, STOCKS, Timeframe.ONE_MINUTE, MONDAY, SATURDAY, 0);
        Map<String, List<Bar>> servedPairs = GroundTruth.served(realism, VendorEndpoint.ALPACA_CRYPTO, PAIRS, Timeframe.ONE_MINUTE, MONDAY, SATURDAY, 0);
        assertThat(servedPairs.values().stream().flatMap(List::stream)).as("the vendor's coin volumes are fractions")
                .anySatisfy(b -> assertThat(b.volume().scale()).isPositive());
        assertThat(servedStocks.values().stream().flatMap(List::stream)).as("absent n or vw, and extended-hours bars, are served")
                .anySatisfy(b -> assertThat(b.vwap()).isNull())
                .anySatisfy(b -> assertThat(b.ts()).isBefore(Instant.parse("2026-11-24T14:30:00Z")).isAfter(Instant.parse("2026-11-24T08:59:00Z")))
                .as("nothing from Wednesday's after-hours close (20:00 New York) to Friday's pre-market (04:00)")
                .noneSatisfy(b -> assertThat(b.ts()).isBetween(Instant.parse("2026-11-26T01:00:00Z"), Instant.parse("2026-11-27T08:59:00Z")));
        Map<String, List<Bar>> served = new java.util.TreeMap<>(servedStocks);   // both feeds' bars, in one table
        served.putAll(servedPairs);
        GroundTruth.assertExactly(fixture.dbUrl, served);

        try (Database db = Database.open(fixture.dbUrl, 2)) {
            Coverage coverage = new Coverage(db, Clock.fixed(SATURDAY.plusSeconds(86_400), ZoneOffset.UTC));
            CoverageGrid grid = coverage.grid(Plans.feed(FEED), LocalDate.parse("2026-11-23"), LocalDate.parse("2026-11-28"));
            for (String s : STOCKS) {
                for (LocalDate d = LocalDate.parse("2026-11-23"); d.isBefore(LocalDate.parse("2026-11-28")); d = d.plusDays(1)) {
                    Cell c = grid.cell(s, d);
                    if (d.equals(THANKSGIVING)) {
                        assertThat(c.status()).as("%s %s", s, d).isEqualTo(DayStatus.NO_SESSION);
                        continue;
                    }
                    assertThat(c.expected()).as("%s %s", s, d).isEqualTo(d.equals(EARLY_CLOSE) ? 210 : 390);
                    assertThat(c.missing()).as("%s %s: thin but complete", s, d).isZero();
                    assertThat(c.share()).as("%s %s", s, d).hasValue(1.0);
                }
            }
            assertThat(grid.cells()).as("thin symbols' minutes are thin, not gaps").anySatisfy(c -> assertThat(c.thin()).isGreaterThan(100));
            assertThat(grid.cells()).as("extended-hours bars are stored and shown").anySatisfy(c -> assertThat(c.extendedHours()).isPositive());
        }
        Cli.Result none = Cli.run(settings, "gaps", "--feed", FEED, "--from", "2026-11-23", "--to", "2026-11-28");
        assertThat(none.exitCode()).as(none.stdout() + none.stderr()).isZero();

        // an hour of AAPL lost: exactly its bars are missing, then fetched again
        new PunchedHoles(hole("AAPL", "2026-11-24T15:00:00Z", "2026-11-24T16:00:00Z")).punch(fixture.dbUrl, FEED);
        long lost = servedStocks.get("AAPL").stream()
                .filter(b -> !b.ts().isBefore(Instant.parse("2026-11-24T15:00:00Z")) && b.ts().isBefore(Instant.parse("2026-11-24T16:00:00Z"))).count();
        Cli.Result found = Cli.run(settings, "gaps", "--feed", FEED, "--from", "2026-11-23", "--to", "2026-11-28");
        assertThat(found.exitCode()).as(found.stderr()).isEqualTo(9);
        assertThat(found.stdout()).contains(lost + " bar(s) missing, in 1 of " + STOCKS.size() + " symbol(s)");
        Cli.Result refetched = Cli.run(settings, "gaps", "--feed", FEED, "--from", "2026-11-23", "--to", "2026-11-28", "--refetch");
        assertThat(refetched.exitCode()).as(refetched.stderr()).isZero();
        GroundTruth.assertExactly(fixture.dbUrl, served);
    }
}
