package com.marketbars.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.marketbars.ingest.calendar.ExchangeCalendar;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.ChildJvm;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.HostileVendor;
import com.marketbars.ingest.support.HostileVendor.Answer;
import com.marketbars.ingest.support.PromptStop;
import com.marketbars.ingest.support.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's bad-input survey, end to end: each hostile input goes through the real command line, into a real SQLite
 * file, from a vendor on loopback ({@link HostileVendor}) that sends what no honest vendor would. Each spec states
 * what the user sees: a refusal naming the key, a quarantined bar with its rule, a DLQ row with its reason. None of
 * them may end in silence: every bar the vendor sent is in {@code bars}, in {@code data_quality}, or covered by a
 * DLQ row.
 * <p>
 * The range is one UTC day with the symbols AAA and AAB in batches of one, so a hostile answer for AAA shows that
 * AAB is not harmed by it.
 */
class BadInputSurveyTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** No replay of the DLQ rows at the end (--dlq-wait PT0S): these specs look at the row the first attempt left. */
    private static final String[] BACKFILL = {"backfill", "--from", "2026-11-24", "--to", "2026-11-25", "--dlq-wait", "PT0S"};
    private static final long FIFTY_MB = 50L * 1024 * 1024;
    /** ResponseSizeLimit.forPageLimit(10_000): 1 MiB + 10,000 x 512 bytes. */
    private static final long PAGE_BYTES_LIMIT = (1 << 20) + 10_000L * 512;
    /** ingest.retry.max-redeliveries in these specs. */
    private static final int REDELIVERIES = 2;

    private static final String GOOD_AAA = bar("2026-11-24T14:30:00Z", "230.1", "230.5", "229.9", "230.2", "1200");
    private static final String GOOD_AAB = bar("2026-11-24T14:30:00Z", "41.0", "41.5", "40.9", "41.2", "300");

    @TempDir
    Path dir;

    // ---- bad configuration ------------------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', value = {
            "ingest.window            | 15 minutes",
            "ingest.window            | PT30S",
            "ingest.settle            | -PT1M",
            "ingest.start             | 2026-11-24T14:30:30Z",
            "ingest.batch.symbols     | 0",
            "ingest.concurrency       | 65",
            "ingest.vendor.page-limit | 10001",
            "ingest.vendor.url        | ftp://vendor",
            "ingest.db.url            | jdbc:mysql://db/bars",
            "ingest.schedule          | every minute",
            "ingest.account.quota     | 0/PT1S",
            "ingest.retry.multiplier  | NaN",
            "ingest.write-mode        | UPSERT",
            "ingest.universe          | A;DROP TABLE bars",
    })
    void aBadSettingStopsTheStartWithAMessageNamingItsKeyBeforeAnyRequestOrWrite(String key, String value) throws Exception {
        try (HostileVendor vendor = HostileVendor.start(q -> Answer.json(page("AAA", null, GOOD_AAA)))) {
            Map<String, String> settings = settings(vendor);
            settings.put(key, value);

            Cli.Result r = Cli.run(settings, BACKFILL);

            assertThat(r.exitCode()).isEqualTo(2);
            assertThat(r.stderr()).contains("Invalid configuration: " + key + ": ");
            assertThat(vendor.requests()).isEmpty();
            assertThat(dir.resolve("market.db")).as("no database is even created").doesNotExist();
        }
    }

    @ParameterizedTest(name = "--from {0} --to {1}")
    @CsvSource(delimiter = '|', value = {
            "yesterday            | 2026-11-25           | --from: 'yesterday' is neither an ISO instant",
            "2026-11-24T14:30:30Z | 2026-11-25           | --from: '2026-11-24T14:30:30Z' is not on the start of a 1Min bar",
            "2026-11-24           | 2026-11-25T09:30:00  | --to: '2026-11-25T09:30:00' is neither an ISO instant",
            "2026-11-25           | 2026-11-24           | --from 2026-11-25T00:00:00Z must be before --to 2026-11-24T00:00:00Z",
            "2026-11-24           | 2026-11-24           | must be before --to",
    })
    void aBadBackfillRangeIsRefusedNamingTheOptionBeforeAnyRequest(String from, String to, String message) throws Exception {
        try (HostileVendor vendor = HostileVendor.start(q -> Answer.json(page("AAA", null, GOOD_AAA)))) {
            Cli.Result r = Cli.run(settings(vendor), "backfill", "--from", from, "--to", to);

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("Failed: ").contains(message);
            assertThat(vendor.requests()).isEmpty();
        }
    }

    @Test
    void aBackfillRangeOffTheFeedsBarsIsRefusedNamingTheOption() throws Exception {
        try (HostileVendor vendor = HostileVendor.start(q -> Answer.json(page("AAA", null, GOOD_AAA)))) {
            Map<String, String> hourly = new java.util.LinkedHashMap<>(settings(vendor));
            hourly.put("ingest.timeframe", "1Hour");
            hourly.put("ingest.start", "2026-11-24T00:00:00Z");

            Cli.Result r = Cli.run(hourly, "backfill", "--from", "2026-11-24T14:30:00Z", "--to", "2026-11-25");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.stderr()).contains("--from: '2026-11-24T14:30:00Z' is not on the start of a 1Hour bar");
            assertThat(vendor.requests()).isEmpty();
        }
    }

    static Stream<Arguments> hostileSymbols() {
        return Stream.of(
                Arguments.of("path traversal", "../x"),
                Arguments.of("SQL", "A;DROP TABLE bars"),
                Arguments.of("10 kB long", "A".repeat(10_240)),
                Arguments.of("non-ASCII letter", "ÄPFEL"),
                Arguments.of("full-width letters", "ＡＡＰＬ"),
                Arguments.of("zero-width space", "AAPL\u200B"),
                Arguments.of("lower case", "aapl"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hostileSymbols")
    void aHostileSymbolIsRefusedAtStartInTheCommandLineOrInTheUniverseFileBeforeAnyRequest(String label, String symbol) throws Exception {
        try (HostileVendor vendor = HostileVendor.start(q -> Answer.json(page("AAA", null, GOOD_AAA)))) {
            List<String> args = new ArrayList<>(List.of(BACKFILL));
            args.addAll(List.of("--symbols", "AAA," + symbol));
            Cli.Result option = Cli.run(settings(vendor), args.toArray(new String[0]));

            Path universe = dir.resolve("universe.txt");
            Files.writeString(universe, "AAA\n" + symbol + "\n", StandardCharsets.UTF_8);
            Map<String, String> fromFile = settings(vendor);
            fromFile.put("ingest.universe", "file:" + universe);
            Cli.Result file = Cli.run(fromFile, BACKFILL);

            assertThat(option.exitCode()).isEqualTo(2);
            assertThat(option.stderr()).contains("Invalid configuration: --symbols: '").contains("is not a valid ticker symbol");
            assertThat(file.exitCode()).isEqualTo(2);
            assertThat(file.stderr()).contains("Invalid configuration: ingest.universe: '").contains("is not a valid ticker symbol");
            // a 10 kB symbol is shown abbreviated, not echoed whole
            assertThat(messageLine(option)).hasSizeLessThan(300);
            assertThat(messageLine(file)).hasSizeLessThan(300);
            assertThat(vendor.requests()).isEmpty();
        }
    }

    // ---- a vendor sending far too much ------------------------------------------------------------------------

    /** 50 MB of valid-looking bars for AAA: held as JSON trees, the worst a body can do to the heap. */
    private static HostileVendor.Body fiftyMegabytesOfBars() {
        return out -> {
            byte[] open = "{\"bars\":{\"AAA\":[".getBytes(StandardCharsets.US_ASCII);
            byte[] one = (GOOD_AAA + ",").getBytes(StandardCharsets.US_ASCII);
            byte[] close = (GOOD_AAA + "]},\"next_page_token\":null}").getBytes(StandardCharsets.US_ASCII);
            out.write(open);
            for (long n = open.length + close.length; n + one.length <= FIFTY_MB; n += one.length) {
                out.write(one);
            }
            out.write(close);
        };
    }

    static Stream<Arguments> fiftyMegabyteAnswers() {
        return Stream.of(
                Arguments.of("chunked", Answer.chunked(fiftyMegabytesOfBars())),
                Arguments.of("with Content-Length", new Answer(200, Map.of(), FIFTY_MB, fiftyMegabytesOfBars())),
                Arguments.of("gzip, inflating to 50 MB", new Answer(200, Map.of("Content-Encoding", "gzip"), 0, out -> {
                    try (OutputStream gz = new GZIPOutputStream(out)) {
                        fiftyMegabytesOfBars().writeTo(gz);
                    }
                })));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("fiftyMegabyteAnswers")
    void fiftyMegabytesAreCutOffAtThePageLimitRedeliveredAndDeadLettered(String label, Answer huge) throws Exception {
        migratedDatabase();
        try (HostileVendor vendor = HostileVendor.start(q -> q.get("symbols").equals("AAA") ? huge : Answer.json(page("AAB", null, GOOD_AAB)))) {
            Cli.Result r = Cli.run(settings(vendor), BACKFILL);

            assertThat(r.exitCode()).as("done except a batch in the DLQ: " + r.stderr()).isEqualTo(3);
            assertThat(r.stderr()).contains("Backfill done except 1 batch(es) in the DLQ");
            assertThat(requestsFor(vendor, "AAA")).isEqualTo(1 + REDELIVERIES);
            assertThat(vendor.bytesWritten()).as("each answer was dropped near the limit, not read to its end").isLessThan(FIFTY_MB);
            assertThat(dlq()).singleElement().satisfies(row -> {
                assertThat(row.symbols()).isEqualTo("[\"AAA\"]");
                assertThat(row.reason()).startsWith("ResponseTooLargeException: the vendor's response is larger than the limit of "
                        + PAGE_BYTES_LIMIT + " bytes for a page");
            });
            assertThat(bars()).containsExactly("AAB 2026-11-24T14:30:00Z");
        }
    }

    @Test
    void fiftyMegabytesDoNotExhaustTheHeapOfABackfillRunWithXmx256m() throws Exception {
        migratedDatabase();
        try (HostileVendor vendor = HostileVendor.start(q -> q.get("symbols").equals("AAA")
                ? Answer.chunked(fiftyMegabytesOfBars()) : Answer.json(page("AAB", null, GOOD_AAB)))) {
            List<String> args = new ArrayList<>(List.of(BACKFILL));
            settings(vendor).forEach((k, v) -> args.addAll(List.of("--set", k + "=" + v)));
            Path log = dir.resolve("backfill.log");
            Process p = ChildJvm.start(log, Map.of(), args);   // ChildJvm runs java -Xmx256m

            // a guard, not a measurement: before the size limit this process ran out of memory and never exited
            boolean exited = p.waitFor(3, TimeUnit.MINUTES);
            if (!exited) {
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(log);

            assertThat(exited).as("the backfill ended; its output:%n%s", output).isTrue();
            assertThat(output).doesNotContain("OutOfMemoryError");
            assertThat(p.exitValue()).as(output).isEqualTo(3);
            assertThat(dlq()).singleElement().satisfies(row -> assertThat(row.reason()).startsWith("ResponseTooLargeException"));
            assertThat(bars()).containsExactly("AAB 2026-11-24T14:30:00Z");
        }
    }

    // ---- answers that are not a page ---------------------------------------------------------------------------

    @ParameterizedTest(name = "body [{0}]")
    @ValueSource(strings = {
            "{\"bars\":{\"AAA\":[",
            "<html><body>502 Bad Gateway</body></html>",
            "",
            "[]",
            "{\"bars\":[]}",
            "{\"bars\":{\"AAA\":{}}}",
            "{\"bars\":{\"AAA\":\"none\"}}",
            "{\"bars\":{\"AAA\":[]},\"next_page_token\":{\"page\":2}}",
            "null",
    })
    void anAnswerThatIsNotAPageIsRedeliveredThenDeadLetteredWithItsReason(String body) throws Exception {
        migratedDatabase();
        try (HostileVendor vendor = HostileVendor.start(q -> q.get("symbols").equals("AAA") ? Answer.json(body) : Answer.json(page("AAB", null, GOOD_AAB)))) {
            Cli.Result r = Cli.run(settings(vendor), BACKFILL);

            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
            assertThat(requestsFor(vendor, "AAA")).isEqualTo(1 + REDELIVERIES);
            assertThat(dlq()).singleElement().satisfies(row -> {
                assertThat(row.symbols()).isEqualTo("[\"AAA\"]");
                assertThat(row.reason()).containsPattern("^[A-Za-z]+(Exception|Error): ");
            });
            assertThat(bars()).containsExactly("AAB 2026-11-24T14:30:00Z");
        }
    }

    // ---- bad bars -----------------------------------------------------------------------------------------------

    @Test
    void everyMalformedBarIsQuarantinedWithItsRuleAndTheGoodBarsAreWritten() throws Exception {
        migratedDatabase();
        // each bad bar has a minute of its own, so it breaks exactly the rule it is listed with
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("{\"t\":\"2026-11-24T14:31:00Z\",\"o\":\"abc\",\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:32:00Z\",\"o\":\"230.1\",\"h\":231,\"l\":229,\"c\":230,\"v\":1}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:33:00Z\",\"o\":true,\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:34:00Z\",\"o\":1,\"h\":{\"x\":1},\"l\":1,\"c\":1,\"v\":1}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:35:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":\"NaN\",\"v\":1}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:36:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1.5,\"n\":1.5}", "NOT_A_NUMBER");   // a volume may be fractional, a count not
        bad.put("{\"t\":\"2026-11-24T14:37:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1e30,\"n\":9007199254740994}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:38:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1,\"n\":18446744073709551616}", "NOT_A_NUMBER");
        bad.put("{\"t\":\"2026-11-24T14:39:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1,\"vw\":\"x\"}", "NOT_A_NUMBER");
        bad.put("{\"t\":12345,\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "BAD_TIMESTAMP");
        bad.put("{\"t\":\"2026-11-24T14:41:00\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "BAD_TIMESTAMP");
        bad.put("{\"t\":\"24/11/2026 14:42\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "BAD_TIMESTAMP");
        bad.put("{\"t\":\"2026-11-24T14:43:30Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "NOT_ON_MINUTE");
        bad.put("{\"t\":\"2026-11-25T14:44:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":1}", "OUTSIDE_WINDOW");
        bad.put("{\"t\":\"2026-11-24T14:45:00Z\",\"o\":1,\"h\":1,\"l\":1,\"v\":1}", "MISSING_FIELD");
        bad.put("{\"t\":\"2026-11-24T14:46:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":null}", "MISSING_FIELD");
        bad.put("42", "MISSING_FIELD");
        bad.put("\"a bar\"", "MISSING_FIELD");
        bad.put("{\"t\":\"2026-11-24T14:47:00Z\",\"o\":2,\"h\":1,\"l\":3,\"c\":2,\"v\":1}", "PRICE_RANGE");
        bad.put("{\"t\":\"2026-11-24T14:48:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":-5}", "NEGATIVE_VOLUME");
        bad.put("{\"t\":\"2026-11-24T14:49:00Z\",\"o\":1,\"h\":1,\"l\":1,\"c\":1,\"v\":5,\"n\":-1}", "NEGATIVE_VOLUME");
        bad.put("{\"t\":\"2026-11-24T09:30:00-05:00\",\"o\":9,\"h\":9,\"l\":9,\"c\":9,\"v\":9}", "DUPLICATE_IN_RESPONSE");
        String good2 = bar("2026-11-24T14:59:00Z", "231.0", "231.2", "230.8", "231.1", "800");
        List<String> sent = new ArrayList<>(List.of(GOOD_AAA));
        sent.addAll(bad.keySet());
        sent.add(good2);
        try (HostileVendor vendor = HostileVendor.start(q -> q.get("symbols").equals("AAA")
                ? Answer.json(page("AAA", null, sent.toArray(new String[0]))) : Answer.json(page("AAB", null, GOOD_AAB)))) {
            Cli.Result r = Cli.run(rulesOneByOne(settings(vendor)), BACKFILL);

            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(r.stderr()).contains("3 bars new, 0 duplicate, 0 revised, " + bad.size() + " rejected");
            assertThat(requestsFor(vendor, "AAA")).isEqualTo(1);
            assertThat(bars()).containsExactly("AAA 2026-11-24T14:30:00Z", "AAA 2026-11-24T14:59:00Z", "AAB 2026-11-24T14:30:00Z");
            List<Quarantined> q = quarantined();
            assertThat(q).extracting(Quarantined::symbol).containsOnly("AAA");
            Map<String, String> ruleBySentBar = new LinkedHashMap<>();
            for (Quarantined row : q) {
                ruleBySentBar.put(sentBar(bad.keySet(), row.rawBar()), row.rule());
            }
            assertThat(ruleBySentBar).containsExactlyInAnyOrderEntriesOf(bad);
        }
    }

    /** Which bar the vendor sent became this raw bar (Jackson writes the parsed tree back, so compare as JSON). */
    private static String sentBar(Iterable<String> sent, String raw) throws Exception {
        for (String s : sent) {
            if (JSON.readTree(s).equals(JSON.readTree(raw))) {
                return s;
            }
        }
        throw new AssertionError("quarantined bar that was not sent: " + raw);
    }

    @Test
    void unknownFieldsInTheBodyAndInABarAreIgnoredAndTheBarIsWrittenWithItsValues() throws Exception {
        migratedDatabase();
        String body = "{\"currency\":\"USD\",\"bars\":{\"AAA\":[{\"t\":\"2026-11-24T14:30:00Z\",\"o\":230.1,\"h\":230.5,\"l\":229.9,"
                + "\"c\":230.2,\"v\":1200,\"n\":40,\"vw\":230.21,\"x\":\"new\",\"exchange\":{\"code\":\"V\"},\"flags\":[1,2]}]},"
                + "\"next_page_token\":null,\"symbol_count\":1}";
        try (HostileVendor vendor = HostileVendor.start(q -> q.get("symbols").equals("AAA") ? Answer.json(body) : Answer.json(page("AAB", null, GOOD_AAB)))) {
            Cli.Result r = Cli.run(settings(vendor), BACKFILL);

            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(quarantined()).isEmpty();
            assertThat(query("SELECT ts, open, high, low, close, volume, trade_count, vwap FROM bars WHERE symbol = 'AAA'"))
                    .containsExactly("2026-11-24T14:30:00Z|230.1|230.5|229.9|230.2|1200|40|230.21");
        }
    }

    @Test
    void aTimestampWithAnOffsetIsStoredAsItsUtcMinuteAndIsTheSameBarWhenSentAgainInUtc() throws Exception {
        migratedDatabase();
        AtomicBoolean utc = new AtomicBoolean(false);
        try (HostileVendor vendor = HostileVendor.start(q -> {
            if (q.get("symbols").equals("AAB")) {
                return Answer.json(page("AAB", null, GOOD_AAB));
            }
            return Answer.json(page("AAA", null, utc.get()
                    ? new String[]{bar("2026-11-24T14:30:00Z", "1", "1", "1", "1", "7"), bar("2026-11-24T14:31:00Z", "2", "2", "2", "2", "7"),
                    bar("2026-11-24T14:32:00Z", "3", "3", "3", "3", "7"), bar("2026-11-24T14:33:00Z", "4", "4", "4", "4", "7")}
                    : new String[]{bar("2026-11-24T09:30:00-05:00", "1", "1", "1", "1", "7"), bar("2026-11-24T15:31:00+01:00", "2", "2", "2", "2", "7"),
                    bar("2026-11-24T14:32:00.000Z", "3", "3", "3", "3", "7"), bar("2026-11-24T14:33:00+00:00", "4", "4", "4", "4", "7")}));
        })) {
            Cli.Result first = Cli.run(settings(vendor), BACKFILL);

            assertThat(first.exitCode()).as(first.stderr()).isZero();
            assertThat(quarantined()).isEmpty();
            assertThat(query("SELECT ts, open FROM bars WHERE symbol = 'AAA' ORDER BY ts")).containsExactly(
                    "2026-11-24T14:30:00Z|1.0", "2026-11-24T14:31:00Z|2.0", "2026-11-24T14:32:00Z|3.0", "2026-11-24T14:33:00Z|4.0");

            utc.set(true);
            Cli.Result again = Cli.run(settings(vendor), BACKFILL);

            assertThat(again.exitCode()).as(again.stderr()).isZero();
            assertThat(again.stderr()).contains("0 bars new, 5 duplicate");
            assertThat(query("SELECT COUNT(*) FROM bars WHERE symbol = 'AAA'")).containsExactly("4");
        }
    }

    @Test
    void barsUnderASymbolThatWasNotAskedForAreQuarantinedWhateverTheKeyHolds() throws Exception {
        migratedDatabase();
        List<String> keys = List.of("TSLA", "aaa", "../x", "A;DROP TABLE bars", "B".repeat(10_240), "ÄPFEL", "AAA\u0000", "AAA ");
        StringBuilder body = new StringBuilder("{\"bars\":{\"AAA\":[" + GOOD_AAA + "]");
        for (String k : keys) {
            body.append(',').append(JSON.writeValueAsString(k)).append(":[").append(GOOD_AAA).append(']');
        }
        body.append("},\"next_page_token\":null}");
        try (HostileVendor vendor = HostileVendor.start(q -> q.get("symbols").equals("AAA") ? Answer.json(body.toString()) : Answer.json(page("AAB", null, GOOD_AAB)))) {
            Cli.Result r = Cli.run(rulesOneByOne(settings(vendor)), BACKFILL);

            assertThat(r.exitCode()).as(r.stderr()).isZero();
            assertThat(bars()).containsExactly("AAA 2026-11-24T14:30:00Z", "AAB 2026-11-24T14:30:00Z");
            List<Quarantined> q = quarantined();
            assertThat(q).extracting(Quarantined::rule).containsOnly("UNREQUESTED_SYMBOL");
            // kept as sent (a NUL as the text of its JSON escape, which PostgreSQL can store too)
            assertThat(q).extracting(Quarantined::symbol).containsExactlyInAnyOrder(
                    "TSLA", "aaa", "../x", "A;DROP TABLE bars", "B".repeat(10_240), "ÄPFEL", "AAA\\u0000", "AAA ");
        }
    }

    // ---- pagination that never ends ---------------------------------------------------------------------------

    @ParameterizedTest(name = "{0}")
    @CsvSource({"the same token back, A, A", "a cycle of two, B, A"})
    void aNextPageTokenThatComesBackEndsTheBatchInTheDlqInsteadOfPagingForever(String label, String afterA, String afterB) throws Exception {
        migratedDatabase();
        // after 50 requests the vendor would end the loop itself, so a client that follows it fails this spec
        // on the request count instead of hanging
        AtomicInteger served = new AtomicInteger();
        try (HostileVendor vendor = HostileVendor.start(q -> {
            if (q.get("symbols").equals("AAB")) {
                return Answer.json(page("AAB", null, GOOD_AAB));
            }
            String token = q.get("page_token");
            String next = token == null ? "A" : token.equals("A") ? afterA : afterB;
            return Answer.json(page("AAA", served.incrementAndGet() > 50 ? null : next, GOOD_AAA));
        })) {
            Cli.Result r = Cli.run(settings(vendor), BACKFILL);

            int pages = afterA.equals("A") ? 2 : 3;
            assertThat(r.exitCode()).as(r.stderr()).isEqualTo(3);
            assertThat(requestsFor(vendor, "AAA")).isEqualTo(pages);
            assertThat(dlq()).singleElement().satisfies(row -> {
                assertThat(row.symbols()).isEqualTo("[\"AAA\"]");
                assertThat(row.reason()).startsWith("VendorProtocolException: the vendor's next page 'A' was already followed")
                        .endsWith("its pagination loops");
            });
            // the pages read before the loop showed are written; the DLQ row covers the rest of the batch
            assertThat(bars()).containsExactly("AAA 2026-11-24T14:30:00Z", "AAB 2026-11-24T14:30:00Z");

            Cli.Result replay = Cli.run(settings(vendor), "dlq", "retry", "--all");

            assertThat(replay.exitCode()).as(replay.stderr()).isZero();
            assertThat(requestsFor(vendor, "AAA")).as("the replay stops at the loop too").isEqualTo(2 * pages);
            assertThat(dlq()).singleElement().satisfies(row -> assertThat(row.retryCount()).isEqualTo(1));
        }
    }

    // ---- a clock that jumps ---------------------------------------------------------------------------------------

    @Test
    void aLocalClockAheadOfTheVendorsNeverMovesACheckpointPastTheVendorsNowSoNothingIsSkippedOnceItIsPutRight() throws Exception {
        migratedDatabase();
        // The vendor's Date says noon (UTC) of the session before the last complete one: to it, this machine's clock
        // (the real one, a day or more later) is far ahead, as after a jump forward. Bars after the vendor's now cannot
        // have been served yet; a checkpoint past them would skip them for good once the clock is put right. A recent
        // session, not a fixed date, so that the catch-up once the clock is right stays days long (a fixed 2026-11-24
        // made it, and the spec, longer every day).
        ExchangeCalendar calendar = Provider.ALPACA_STOCKS.calendar();
        Instant day = calendar.lastCompleteSessionBefore(calendar.lastCompleteSessionBefore(Instant.now()).open())
                .open().truncatedTo(ChronoUnit.DAYS);
        Instant vendorNow = day.plus(Duration.ofHours(12));
        AtomicBoolean vendorBehind = new AtomicBoolean(true);
        try (SkewedClockVendor vendor = new SkewedClockVendor(q -> {
            String body = q.get("start").equals(day.toString())
                    ? page(q.get("symbols"), null, bar(day.plus(Duration.ofHours(10)).toString(), "1", "1", "1", "1", "1"))
                    : page(q.get("symbols"), null);
            return Map.entry(DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    vendorBehind.get() ? vendorNow.atZone(ZoneOffset.UTC) : ZonedDateTime.now(ZoneOffset.UTC)), body);
        })) {
            Map<String, String> s = settings(vendor.baseUrl());
            s.put("ingest.start", day.toString());

            Cli.Result first = Cli.run(s, "run", "--once");

            assertThat(first.exitCode()).as(first.stderr()).isEqualTo(1);
            assertThat(first.stderr()).contains("the local clock is ahead of the vendor's");
            Instant held = vendorNow.minus(Duration.ofMinutes(2));   // the vendor's now - ingest.settle
            assertThat(Checkpoints.of(dbUrl(), "alpaca_bars_1min")).containsOnly(Map.entry("AAA", held), Map.entry("AAB", held));
            String tenOClock = day.plus(Duration.ofHours(10)).toString();
            assertThat(bars()).containsExactly("AAA " + tenOClock, "AAB " + tenOClock);

            vendorBehind.set(false);   // the clocks agree again
            int asked = vendor.requests().size();
            Cli.Result second = Cli.run(s, "run", "--once");

            assertThat(second.exitCode()).as(second.stderr()).isZero();
            // windows are fetched ahead, so requests need not arrive in window order: the earliest start is the resume point
            assertThat(vendor.requests().subList(asked, vendor.requests().size()).stream()
                    .filter(q -> q.get("symbols").equals("AAA")).map(q -> Instant.parse(q.get("start"))).min(Instant::compareTo))
                    .as("resumed where the vendor's clock held it").contains(held);
            assertThat(Checkpoints.of(dbUrl(), "alpaca_bars_1min").values()).allMatch(c -> c.isAfter(day.plus(Duration.ofDays(1))));
        }
    }

    /**
     * A vendor whose HTTP Date header is what the test says. The JDK's HttpServer always writes its own Date, so this
     * one speaks HTTP/1.1 on a plain socket: one request per connection, a Content-Length, then close.
     */
    static final class SkewedClockVendor implements AutoCloseable {
        private final ServerSocket socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        private final List<Map<String, String>> requests = new CopyOnWriteArrayList<>();
        private final Thread acceptor;

        /** @param answer the Date header and the JSON body for a request's query */
        SkewedClockVendor(Function<Map<String, String>, Map.Entry<String, String>> answer) throws IOException {
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket c = socket.accept()) {
                        BufferedReader in = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.US_ASCII));
                        String target = in.readLine().split(" ")[1];
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            // the request's headers: not needed
                        }
                        Map<String, String> q = new HashMap<>();
                        for (String kv : target.substring(target.indexOf('?') + 1).split("&")) {
                            String[] p = kv.split("=", 2);
                            q.put(URLDecoder.decode(p[0], StandardCharsets.UTF_8), URLDecoder.decode(p[1], StandardCharsets.UTF_8));
                        }
                        requests.add(q);
                        Map.Entry<String, String> a = answer.apply(q);
                        byte[] body = a.getValue().getBytes(StandardCharsets.UTF_8);
                        OutputStream out = c.getOutputStream();
                        out.write(("HTTP/1.1 200 OK\r\nDate: " + a.getKey() + "\r\nContent-Type: application/json\r\nContent-Length: "
                                + body.length + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                        out.write(body);
                        out.flush();
                    } catch (IOException closedOrGone) {
                        // the socket was closed by close(), or a client went away: the next accept decides
                    }
                }
            }, "skewed-clock-vendor");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        List<Map<String, String>> requests() {
            return List.copyOf(requests);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    // ---- helpers -------------------------------------------------------------------------------------------------

    /**
     * A survey of the gate's rules sends one page of bad bars beside a good one or two: by the defaults that page is a
     * rejection storm (a broken contract: nothing of it stored, see RejectionStormEndToEndTest). Here the storm guard
     * is set out of the way, so that each bar's own rule is what the spec sees.
     */
    private static Map<String, String> rulesOneByOne(Map<String, String> settings) {
        settings.put("ingest.quality.storm.min-bars", "1000000");
        return settings;
    }

    private Map<String, String> settings(HostileVendor vendor) {
        return settings(vendor.baseUrl());
    }

    private Map<String, String> settings(String vendorUrl) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("ingest.db.url", dbUrl());
        s.put("ingest.vendor.url", vendorUrl);
        s.put("ingest.universe", "AAA,AAB");
        s.put("ingest.batch.symbols", "1");
        s.put("ingest.account.quota", "none");
        s.put("ingest.retry.max-redeliveries", String.valueOf(REDELIVERIES));
        s.put("ingest.retry.initial-delay", "PT0S");
        s.put("ingest.retry.max-delay", "PT0S");
        s.put("camel.main.jmx-enabled", "false");
        return PromptStop.addTo(s);
    }

    /**
     * The spec's SQLite file at the latest schema, copied from the one made once per JVM by the application's own
     * {@code Database.open} ({@link TestDatabase#migrated}), for the specs whose run reaches the database: the first open
     * of a fresh file would otherwise run the 15 migrations in each of the 19 (0.7 s of this JVM's main thread in all,
     * and 0.2 s of the child's), and none of them is about how a schema is made. The bad-configuration and bad-option
     * specs start without a file, as one of them shows that none is created.
     */
    private void migratedDatabase() {
        TestDatabase.migrated(SqlDialect.SQLITE, dir);
    }

    private String dbUrl() {
        return "jdbc:sqlite:" + dir.resolve("market.db");
    }

    private static String bar(String t, String o, String h, String l, String c, String v) {
        return "{\"t\":\"" + t + "\",\"o\":" + o + ",\"h\":" + h + ",\"l\":" + l + ",\"c\":" + c + ",\"v\":" + v + "}";
    }

    private static String page(String symbol, String nextPageToken, String... bars) {
        return "{\"bars\":{\"" + symbol + "\":[" + String.join(",", bars) + "]},\"next_page_token\":"
                + (nextPageToken == null ? "null" : "\"" + nextPageToken + "\"") + "}";
    }

    /** The one line saying why the command stopped. */
    private static String messageLine(Cli.Result r) {
        return r.stderr().lines().filter(l -> l.startsWith("Invalid configuration: ")).findFirst().orElseThrow();
    }

    private static long requestsFor(HostileVendor vendor, String symbols) {
        return vendor.requests().stream().filter(q -> symbols.equals(q.get("symbols"))).count();
    }

    /** "SYMBOL ts" of every stored bar, in order. */
    private List<String> bars() throws SQLException {
        return query("SELECT symbol || ' ' || ts FROM bars ORDER BY symbol, ts");
    }

    record Quarantined(String symbol, String rawBar, String rule) {
    }

    private List<Quarantined> quarantined() throws SQLException {
        List<Quarantined> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(dbUrl());
             PreparedStatement ps = c.prepareStatement("SELECT symbol, raw_bar, rule FROM data_quality ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new Quarantined(rs.getString(1), rs.getString(2), rs.getString(3)));
            }
        }
        return out;
    }

    record DlqRow(String symbols, String reason, int retryCount) {
    }

    private List<DlqRow> dlq() throws Exception {
        List<DlqRow> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(dbUrl());
             PreparedStatement ps = c.prepareStatement("SELECT payload_json, reason, retry_count FROM ingest_dlq ORDER BY id");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                out.add(new DlqRow(JSON.readTree(rs.getString(1)).get("symbols").toString(), rs.getString(2), rs.getInt(3)));
            }
        }
        return out;
    }

    /** Each row's columns joined with '|'. */
    private List<String> query(String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(dbUrl());
             PreparedStatement ps = c.prepareStatement(sql);
             ResultSet rs = ps.executeQuery()) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(row.toString());
            }
        }
        return out;
    }
}
