package com.marketbars.ingest;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.checkpoint.BatchPacking;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.model.RequestShape;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests packed by the calendar's expected bars cost the window's floor - its bars over a page of 10,000 - plus at
 * most one request a packed batch (its last, partly filled page), for 1 to 11,000 symbols of minute, hour and day bars,
 * with the simulator's thin symbols and extended hours (its realistic default); and every bar lands exactly. Backfills
 * through the real CLI into a real SQLite file; one window a run but for the day feed's week (one a UTC day, the closed
 * ones without a request).
 */
class RequestPackingEndToEndTest {
    @TempDir
    Path dir;

    @ParameterizedTest(name = "{0} symbols of {1} bars from {2} to {3}")
    @CsvSource({
            "1,     1Min,  2026-11-24,            2026-11-25",
            "100,   1Min,  2026-11-24,            2026-11-25",
            "2000,  1Min,  2026-11-24T15:00:00Z,  2026-11-24T16:00:00Z",
            "11000, 1Min,  2026-11-24T15:00:00Z,  2026-11-24T15:05:00Z",
            "2000,  1Hour, 2026-11-24,            2026-11-25",
            "1200,  1Day,  2026-11-23,            2026-11-30"})
    void aWindowCostsItsFloorPlusAtMostOneRequestABatchAndLandsExactly(int n, String timeframe, String from, String to) throws Exception {
        List<String> universe = GroundTruth.symbols(n);
        Timeframe tf = Timeframe.parse(timeframe);
        Instant start = instant(from);
        Instant end = instant(to);
        try (IngestFixture fixture = IngestFixture.start(dir, new SimulatorSettings(), universe)) {
            Map<String, String> settings = fixture.settings();
            settings.put("ingest.timeframe", timeframe);
            settings.put("ingest.closed-days", "skip");   // the operator's default

            Cli.Result r = Cli.run(settings, "backfill", "--from", from, "--to", to, "--quiet");

            assertThat(r.exitCode()).as(r.stderr()).isZero();
            Map<String, List<Bar>> served = GroundTruth.served(fixture.sim.settings().realism(), VendorEndpoint.ALPACA_STOCKS, universe,
                    tf, start, end, 0);
            GroundTruth.assertExactly(fixture.dbUrl, served);
            long floor = 0;
            long batches = 0;
            FeedPlan shipped = new FeedPlan(tf, Duration.ofDays(1), Duration.ofMinutes(2), 1000, 10_000, 10, RequestShape.SHARED_PAGES,
                    new NyseCalendar(), false);
            for (Instant w = start; w.isBefore(end); w = min(w.plus(Duration.ofDays(1)), end)) {
                Instant wEnd = min(w.plus(Duration.ofDays(1)), end);
                int perBatch = BatchPacking.symbolsPerBatch(shipped, w, wEnd);
                if (perBatch == 0) {
                    continue;   // closed: no request
                }
                Instant windowStart = w;
                long bars = served.values().stream().flatMap(List::stream)
                        .filter(b -> !b.ts().isBefore(windowStart) && b.ts().isBefore(wEnd)).count();
                floor += Math.max(1, (bars + 9_999) / 10_000);
                batches += (n + perBatch - 1) / perBatch;
            }
            long requests = fixture.sim.stats().requests(VendorEndpoint.ALPACA_STOCKS);
            assertThat(requests).as("%d symbols: floor %d, %d batches", n, floor, batches).isBetween(floor, floor + batches);
            assertThat(r.stderr()).contains("requests (floor " + floor + ")");
        }
    }

    @org.junit.jupiter.api.Test
    void aRefusedSymbolInAPackedRequestIsNarrowedDownByHalvingAndDeadLetteredAloneTheRestExact() throws Exception {
        List<String> universe = GroundTruth.symbols(2000);
        String delisted = universe.get(1234);
        SimulatorSettings vendor = new SimulatorSettings();
        vendor.failingSymbol = delisted;   // any request naming it: 400, as a delisted symbol
        try (IngestFixture fixture = IngestFixture.start(dir, vendor, universe)) {
            Map<String, String> settings = fixture.settings();
            settings.put("ingest.dlq.max-retries", "0");   // parked at once: the backfill's own replay is not the subject

            Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-24T15:00:00Z", "--to", "2026-11-24T15:10:00Z", "--quiet");

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
            List<String> served = new java.util.ArrayList<>(universe);
            served.remove(delisted);
            GroundTruth.assertExactly(fixture.dbUrl, GroundTruth.served(fixture.sim.settings().realism(), VendorEndpoint.ALPACA_STOCKS,
                    served, Timeframe.ONE_MINUTE, instant("2026-11-24T15:00:00Z"), instant("2026-11-24T15:10:00Z"), 0));
            try (java.sql.Connection c = java.sql.DriverManager.getConnection(fixture.dbUrl);
                 java.sql.ResultSet rs = c.createStatement().executeQuery("SELECT payload_json, reason FROM ingest_dlq")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getString("payload_json")).contains("\"" + delisted + "\"").doesNotContain("\"" + universe.get(1235) + "\"");
                assertThat(rs.getString("reason")).startsWith("HTTP 400");
                assertThat(rs.next()).as("one row: the refused symbol alone").isFalse();
            }
            // two batches of 1,000 (a minute's bars each fit a page); the refused one is halved down to its symbol:
            // 1,000 -> 500 -> ... -> 1 is 10 levels of two requests each, one of which is refused again
            long requests = fixture.sim.stats().requests(VendorEndpoint.ALPACA_STOCKS);
            assertThat(requests).isLessThanOrEqualTo(2 + 2 * 10 + 1);
        }
    }

    private static Instant instant(String s) {
        return s.length() == 10 ? Instant.parse(s + "T00:00:00Z") : Instant.parse(s);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
