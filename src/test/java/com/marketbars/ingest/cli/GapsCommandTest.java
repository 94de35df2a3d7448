package com.marketbars.ingest.cli;

import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import com.marketbars.ingest.support.PunchedHoles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static com.marketbars.ingest.support.PunchedHoles.hole;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gaps} end to end: a database backfilled from the simulator over Monday and Tuesday (2026-11-23, -24; the
 * session is 14:30-21:00 UTC), holes punched into it, and the command line's answer against the simulator's ground
 * truth (its thin minutes, from SyntheticBars.exists, plus the holes).
 */
class GapsCommandTest {
    private static final List<String> UNIVERSE = List.of("AAA", "AAB", "AAC");
    private static final Instant MON = Instant.parse("2026-11-23T00:00:00Z");
    private static final Instant WED = Instant.parse("2026-11-25T00:00:00Z");
    /** A line of the log, which goes to stderr too (Camel's context of the settings says it stops). */
    private static final Pattern LOG_LINE = Pattern.compile("\\d{4}-\\d\\d-\\d\\dT\\S+ (INFO|WARN|DEBUG) ");
    private static final String[] PERIOD = {"--from", "2026-11-23", "--to", "2026-11-25"};

    @TempDir
    Path dir;
    private IngestFixture fixture;
    private Map<String, String> settings;

    @BeforeEach
    void start() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), UNIVERSE);
        settings = fixture.settings();
    }

    @AfterEach
    void stop() {
        fixture.close();
    }

    @Test
    void a_complete_database_has_no_gaps_the_vendors_thin_minutes_were_answered_without_a_bar() {
        backfill();

        Cli.Result r = gaps(PERIOD);

        assertThat(new PunchedHoles().expected("AAA", MON, WED)).as("the vendor has minutes without a bar").isNotEmpty();
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(r.stdout().strip()).isEqualTo("gaps of alpaca_bars_1min in [2026-11-23T00:00:00Z, 2026-11-25T00:00:00Z): "
                + "none in 3 symbol(s)");
    }

    @Test
    void refetch_fills_the_punched_holes_at_the_request_floor_and_leaves_nothing_missing() throws Exception {
        backfill();
        PunchedHoles holes = new PunchedHoles(
                hole("AAA", "2026-11-23T15:00:00Z", "2026-11-23T15:30:00Z"),
                hole("AAB", "2026-11-24T14:30:00Z", "2026-11-24T21:00:00Z"),   // its whole regular session (extended hours are never missing)
                hole("AAC", "2026-11-24T20:00:00Z", "2026-11-24T20:05:00Z")).punch(fixture.dbUrl, "alpaca_bars_1min");
        List<Gap> lost = UNIVERSE.stream().flatMap(s -> holes.lost(s, MON, WED).stream()).toList();

        Cli.Result found = gaps(PERIOD);

        assertThat(found.exitCode()).as(found.stderr()).isEqualTo(9);
        assertThat(lines(found)).as("exactly the punched bars the vendor has; its thin minutes in the holes are no gaps")
                .containsExactlyElementsOf(lost);
        int missing = lost.stream().mapToInt(Gap::bars).sum();
        assertThat(missing).isEqualTo(served("AAA", "2026-11-23T15:00:00Z", "2026-11-23T15:30:00Z")
                + served("AAB", "2026-11-24T14:30:00Z", "2026-11-24T21:00:00Z")
                + served("AAC", "2026-11-24T20:00:00Z", "2026-11-24T20:05:00Z"));
        assertThat(found.stdout()).contains(lost.size() + " range(s), " + missing + " bar(s) missing, in 3 of 3 symbol(s)");
        Cli.Result summary = gaps("--from", "2026-11-23", "--to", "2026-11-25", "--summary");
        assertThat(summary.exitCode()).as(summary.stderr()).isEqualTo(9);
        List<String[]> days = summary.stdout().lines().filter(l -> l.startsWith("2026-")).map(l -> l.trim().split("\\s+")).toList();
        assertThat(summary.stdout().lines().findFirst()).contains(GapSummary.HEADER);
        assertThat(days).as("one line a UTC day: date, session, symbols, with gaps, expected, stored, thin, missing, ...")
                .extracting(f -> f[0], f -> f[2], f -> f[3], f -> f[7])
                .containsExactly(org.assertj.core.groups.Tuple.tuple("2026-11-23", "3", "1", String.valueOf(holes.lost("AAA", MON, WED).stream().mapToInt(Gap::bars).sum())),
                        org.assertj.core.groups.Tuple.tuple("2026-11-24", "3", "2", String.valueOf(
                                missing - holes.lost("AAA", MON, WED).stream().mapToInt(Gap::bars).sum())));
        assertThat(summary.stdout()).contains("2 of 2 session day(s) incomplete, " + String.format("%,d", missing) + " bar(s) missing in 3 symbol-day(s) of 3 symbol(s); 0 DLQ row(s)");

        fixture.sim.stats().reset();
        Cli.Result refetched = gaps("--from", "2026-11-23", "--to", "2026-11-25", "--refetch");

        assertThat(refetched.exitCode()).as(refetched.stderr()).isZero();
        assertThat(lines(refetched)).as("nothing remains: the thin minutes were never missing").isEmpty();
        assertThat(gaps("--from", "2026-11-23", "--to", "2026-11-25", "--summary").exitCode()).isZero();
        GroundTruth.assertExactly(fixture.dbUrl, UNIVERSE, MON, WED);
        // every gap of a day is asked for in one request of the day's window, not one per gap
        assertThat(fixture.sim.stats().requests()).as("requests: one per window with gaps").isEqualTo(2);
        assertThat(refetched.stderr()).contains("Asking the vendor again for " + lost.size() + " gap(s) of 3 symbol(s): 2 job(s) over 2 window(s)",
                "2 window(s), 2 request(s) (floor 2), " + String.format("%,d", missing) + " bar(s) new, 0 batch(es) dead-lettered");
    }

    @Test
    void gaps_of_some_symbols_and_refetch_of_a_database_without_holes_asks_for_nothing() {
        backfill();
        fixture.sim.stats().reset();

        Cli.Result r = gaps("--from", "2026-11-23", "--to", "2026-11-25", "--symbols", "AAB", "--refetch");

        assertThat(r.exitCode()).as(r.stderr()).isZero();
        assertThat(lines(r)).isEmpty();
        assertThat(fixture.sim.stats().requests()).isZero();
    }

    @Test
    void of_several_feeds_gaps_lists_the_chosen_feeds_own_and_refuses_to_guess_which() throws Exception {
        settings.put("ingest.feeds", "stocks_1min,crypto_1min");
        settings.put("ingest.feed.crypto_1min.provider", "alpaca-crypto");
        settings.put("ingest.feed.crypto_1min.universe", "BTC/USD");
        Cli.Result b = Cli.run(settings, "backfill", "--feed", "crypto_1min", "--from", "2026-11-23", "--to", "2026-11-24", "--quiet");
        assertThat(b.exitCode()).as(b.stderr()).isZero();
        new PunchedHoles(hole("BTC/USD", "2026-11-23T23:50:00Z", "2026-11-24T00:00:00Z")).punch(fixture.dbUrl, "crypto_1min");

        Cli.Result crypto = gaps("--feed", "crypto_1min", "--from", "2026-11-23", "--to", "2026-11-24");
        Cli.Result stocks = gaps("--feed", "stocks_1min", "--from", "2026-11-23", "--to", "2026-11-24");
        Cli.Result neither = gaps("--from", "2026-11-23", "--to", "2026-11-24");

        assertThat(crypto.exitCode()).as(crypto.stderr()).isEqualTo(9);
        assertThat(lines(crypto)).as("the pair's punched bars at the end of the day, every minute of the day expected")
                .isNotEmpty().allSatisfy(g -> assertThat(g.from()).isAfterOrEqualTo(Instant.parse("2026-11-23T23:50:00Z")));
        assertThat(stocks.exitCode()).as(stocks.stderr()).isZero();
        assertThat(stocks.stdout()).contains("gaps of stocks_1min in [2026-11-23T00:00:00Z, 2026-11-24T00:00:00Z): none in 3 symbol(s)");
        assertThat(stocks.stderr()).contains("Note: AAA has nothing ingested in the period");
        assertThat(neither.exitCode()).isEqualTo(2);
        assertThat(neither.stderr()).contains("Invalid configuration: --feed: this deployment has 2 feeds (stocks_1min, crypto_1min)");
    }

    @Test
    void bad_options_are_refused_in_one_line_naming_the_option_with_exit_2_before_any_request() {
        String[][] bad = {
                {"--from", "yesterday", "--to", "2026-11-25"},
                {"--from", "2026-11-23", "--to", "2026-11-24T14:30:30Z"},
                {"--from", "2026-11-25", "--to", "2026-11-23"},
                {"--from", "2026-11-23", "--to", "2026-11-25", "--symbols", "A;DROP TABLE bars"},
                {"--from", "2026-11-23", "--to", "2026-11-25", "--feed", "nope", "--refetch"},
                {"--from", "2026-11-23", "--to", "2026-11-25", "--summary", "--refetch"}};
        String[] named = {"--from: 'yesterday' is neither", "--to: '2026-11-24T14:30:30Z' is not on the start of a 1Min bar",
                "--from: 2026-11-25T00:00:00Z is not before --to", "--symbols: 'A;DROP TABLE bars' is not", "--feed: no feed 'nope'",
                "--summary: sums the whole universe and asks nothing: not with --refetch"};

        for (int i = 0; i < bad.length; i++) {
            Cli.Result r = gaps(bad[i]);

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(2);
            assertThat(r.stderr()).doesNotContain("\tat ", "Exception");
            assertThat(r.stderr().lines().filter(l -> !LOG_LINE.matcher(l).lookingAt()).toList()).as("stderr of %s", List.of(bad[i]))
                    .singleElement().asString().startsWith("Invalid configuration: " + named[i]);
        }
        assertThat(fixture.sim.stats().requests()).isZero();
    }

    private void backfill() {
        Cli.Result r = Cli.run(settings, "backfill", "--from", "2026-11-23", "--to", "2026-11-25", "--quiet");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
    }

    private Cli.Result gaps(String... args) {
        List<String> argv = new ArrayList<>(List.of("gaps"));
        argv.addAll(List.of(args));
        return Cli.run(settings, argv.toArray(new String[0]));
    }

    /** The ground truth's gaps of the universe over Monday and Tuesday, symbol by symbol. */
    private static List<Gap> expected(PunchedHoles holes) {
        return UNIVERSE.stream().flatMap(s -> holes.expected(s, MON, WED).stream()).toList();
    }

    private static int served(String symbol, String from, String to) {
        return SyntheticBars.range(symbol, Instant.parse(from), Instant.parse(to)).size();
    }

    /** The stdout lines of gaps, as gaps. */
    private static List<Gap> lines(Cli.Result r) {
        return r.stdout().lines().filter(l -> !l.startsWith("gaps of ")).map(l -> l.trim().split("\\s+"))
                .map(f -> new Gap(f[0], Instant.parse(f[1]), Instant.parse(f[2]), Integer.parseInt(f[3]))).toList();
    }

    /** The start of ten minutes of Monday's session in which every symbol of the universe has every bar. */
    private static Instant minutesWithoutThinOnes() {
        long open = Instant.parse("2026-11-23T14:30:00Z").getEpochSecond() / 60;
        for (long m = open; ; m++) {
            long start = m;
            if (UNIVERSE.stream().allMatch(s -> java.util.stream.LongStream.range(start, start + 10).allMatch(x -> SyntheticBars.exists(s, x)))) {
                return Instant.ofEpochSecond(m * 60);
            }
        }
    }
}
