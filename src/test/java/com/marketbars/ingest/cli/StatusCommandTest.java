package com.marketbars.ingest.cli;

import com.marketbars.ingest.checkpoint.CheckpointStore;
import com.marketbars.ingest.settings.IngestSettings;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.UniverseStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

class StatusCommandTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final String BACKFILL = SOURCE + "@backfill:2026-11-01T00:00:00Z/2026-11-10T00:00:00Z";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-24T15:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    private String url;
    private Database db;
    private Database ledger;

    @BeforeEach
    void open() {
        url = "jdbc:sqlite:" + dir.resolve("t.db");
        db = Database.open(url, 2);
        ledger = Database.openQuotaLedger(url);
    }

    @AfterEach
    void close() {
        db.close();
        ledger.close();
    }

    @Test
    void status_shows_schema_rows_quarantine_dlq_lag_laggards_and_unfinished_backfills() throws Exception {
        new UniverseStore(db, CLOCK, "alpaca_bars_1min").sync(List.of("AAPL", "MSFT", "NVDA"));
        CheckpointStore checkpoints = new CheckpointStore(db, CLOCK);
        checkpoints.advance(SOURCE, List.of("MSFT"), Instant.parse("2026-11-24T14:00:00Z"));
        checkpoints.advance(SOURCE, List.of("AAPL"), Instant.parse("2026-11-24T12:00:00Z"));
        checkpoints.advance(BACKFILL, List.of("AAPL", "MSFT"), Instant.parse("2026-11-05T00:00:00Z"));
        checkpoints.advance("other_source@backfill:2026-11-01T00:00:00Z/2026-11-02T00:00:00Z", List.of("AAPL"),
                Instant.parse("2026-11-01T06:00:00Z"));
        Instant t = Instant.parse("2026-11-24T11:00:00Z");
        new BarStore(db, CLOCK).write(SOURCE,
                List.of(bar("AAPL", t), bar("AAPL", t.plusSeconds(60)), bar("MSFT", t)),
                List.of(new Rejection("MSFT", null, "{\"l\":9,\"h\":1}", QualityRule.PRICE_RANGE, "low > high")));
        insertDlqEntry();

        String out = print(settings(url));

        assertThat(out).contains("schema version " + db.schemaVersion());
        assertThat(out).containsPattern("bars\\s+3 rows");
        assertThat(out).containsPattern("rejected\\s+1 bars in data_quality \\{PRICE_RANGE=1}");
        assertThat(out).containsPattern("dlq\\s+1 entries");
        assertThat(out).contains(SOURCE + ": 3 symbols, 1 never ingested");
        assertThat(out).contains("checkpoint 2026-11-24T12:00:00Z (oldest symbol), lag PT3H");
        assertThat(out).containsPattern("laggard\\s+AAPL\\s+2026-11-24T12:00:00Z\\s+lag PT3H");
        assertThat(out).containsPattern("laggard\\s+MSFT\\s+2026-11-24T14:00:00Z\\s+lag PT1H");
        assertThat(out.indexOf("laggard  AAPL")).isLessThan(out.indexOf("laggard  MSFT"));
        assertThat(out).doesNotContain("laggard  NVDA");
        assertThat(out).contains("unfinished " + BACKFILL + ": 2 symbols started, oldest at 2026-11-05T00:00:00Z");
        assertThat(out).doesNotContain("other_source");
    }

    @Test
    void status_shows_each_backfill_job_with_its_shards_done_in_work_and_an_eta() {
        new UniverseStore(db, CLOCK, "alpaca_bars_1min").sync(List.of("AAPL", "MSFT"));
        com.marketbars.ingest.backfill.BackfillQueue queue = new com.marketbars.ingest.backfill.BackfillQueue(db, CLOCK);
        Instant from = Instant.parse("2026-11-02T00:00:00Z");
        Instant to = Instant.parse("2026-11-06T00:00:00Z");
        long job = queue.submitOrJoin(SOURCE, from, to, List.of("AAPL", "MSFT"), com.marketbars.ingest.model.WriteMode.INSERT_ONLY, "spec",
                id -> com.marketbars.ingest.backfill.ShardCut.cut(id, com.marketbars.ingest.support.Plans.DEFAULT, List.of("AAPL", "MSFT"),
                        from, to, 50, java.time.Duration.ofDays(1)));
        queue.done(queue.claim(job, "11@host-a", CLOCK.instant().plusSeconds(60)).orElseThrow().shard());
        queue.claim(job, "12@host-b", CLOCK.instant().plusSeconds(60)).orElseThrow();

        String out = print(settings(url));

        assertThat(out).containsPattern("backfill\\s+job " + job + " " + SOURCE + " \\[2026-11-02T00:00:00Z, 2026-11-06T00:00:00Z\\) 2 symbols "
                + "insert-only: 1/4 shards done, 1 in work by 12@host-b");
    }

    @Test
    void status_of_a_fresh_database_reports_nothing_ingested() {
        new UniverseStore(db, CLOCK, "alpaca_bars_1min").sync(List.of("AAPL", "MSFT", "NVDA"));

        String out = print(settings(url));

        assertThat(out).contains("schema version " + db.schemaVersion());
        assertThat(out).containsPattern("bars\\s+0 rows");
        assertThat(out).containsPattern("dlq\\s+0 entries");
        assertThat(out).contains(SOURCE + ": 3 symbols, 3 never ingested");
        assertThat(out).doesNotContain("laggard", "unfinished", "checkpoint ");
    }

    @Test
    void status_never_prints_the_database_password() {
        String pgUrl = "jdbc:postgresql://db.internal:5432/market?user=ingest&password=s3cr3t&ssl=true";

        String out = print(settings(pgUrl));

        assertThat(out).doesNotContain("s3cr3t").contains("password=***");
    }

    @Test
    void redact_url_hides_a_password_parameter() {
        assertThat(StatusCommand.redactUrl("jdbc:postgresql://db:5432/market?user=ingest&password=s3cr3t&ssl=true"))
                .isEqualTo("jdbc:postgresql://db:5432/market?user=ingest&password=***&ssl=true");
        assertThat(StatusCommand.redactUrl("jdbc:postgresql://db/market?PASSWORD=s3cr3t"))
                .isEqualTo("jdbc:postgresql://db/market?PASSWORD=***");
    }

    @Test
    void redact_url_leaves_a_url_without_password_unchanged() {
        assertThat(StatusCommand.redactUrl("jdbc:sqlite:data/market.db")).isEqualTo("jdbc:sqlite:data/market.db");
        assertThat(StatusCommand.redactUrl("jdbc:postgresql://db/market?user=ingest")).isEqualTo("jdbc:postgresql://db/market?user=ingest");
    }

    @Test
    void status_has_a_section_per_feed_with_its_own_rows_and_a_line_per_account() throws Exception {
        Map<String, String> m = settingsMap(url);
        m.put("ingest.feeds", "stocks_1min,crypto_1min");
        m.put("ingest.feed.crypto_1min.provider", "alpaca-crypto");
        m.put("ingest.feed.crypto_1min.universe", "BTC/USD,ETH/USD");
        m.put("ingest.feed.crypto_1min.account.name", "alpaca_crypto");
        m.put("ingest.account.alpaca_crypto.quota", "none");
        new UniverseStore(db, CLOCK, "stocks_1min").sync(List.of("AAPL", "MSFT", "NVDA"));
        new UniverseStore(db, CLOCK, "crypto_1min").sync(List.of("BTC/USD", "ETH/USD"));
        Instant t = Instant.parse("2026-11-24T11:00:00Z");
        new BarStore(db, CLOCK).write("stocks_1min", List.of(bar("AAPL", t)), List.of());
        new BarStore(db, CLOCK).write("crypto_1min", List.of(bar("BTC/USD", t), bar("BTC/USD", t.plusSeconds(60))), List.of());
        new CheckpointStore(db, CLOCK).advance("crypto_1min", List.of("BTC/USD", "ETH/USD"), Instant.parse("2026-11-24T14:30:00Z"));

        String out = print(IngestSettings.from(m::get));

        assertThat(out).contains("account    alpaca: quota 200/PT1M", "account    alpaca_crypto: no quota");
        String stocks = out.substring(out.indexOf("feed       stocks_1min"), out.indexOf("feed       crypto_1min"));
        String crypto = out.substring(out.indexOf("feed       crypto_1min"));
        assertThat(stocks).contains("alpaca-stocks 1Min bars, account alpaca").containsPattern("bars\\s+1 rows")
                .contains("stocks_1min: 3 symbols, 3 never ingested");
        assertThat(crypto).contains("alpaca-crypto 1Min bars, account alpaca_crypto").containsPattern("bars\\s+2 rows")
                .contains("crypto_1min: 2 symbols, 0 never ingested", "checkpoint 2026-11-24T14:30:00Z (oldest symbol), lag PT30M");
    }

    private String print(IngestSettings settings) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new StatusCommand().print(out, settings, settings.feeds(), db, ledger, CLOCK);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** The shipped application.properties, with a small universe and the test database. */
    private static IngestSettings settings(String dbUrl) {
        Map<String, String> map = settingsMap(dbUrl);
        return IngestSettings.from(map::get);
    }

    private static Map<String, String> settingsMap(String dbUrl) {
        Properties p = new Properties();
        try (InputStream in = StatusCommandTest.class.getResourceAsStream("/application.properties")) {
            assertThat(in).as("application.properties on the classpath").isNotNull();
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Map<String, String> map = new HashMap<>();
        p.stringPropertyNames().forEach(k -> map.put(k, p.getProperty(k)));
        map.put("ingest.universe", "AAPL,MSFT,NVDA");
        map.put("ingest.db.url", dbUrl);
        return map;
    }

    private void insertDlqEntry() throws SQLException {
        try (Connection c = db.dataSource().getConnection(); Statement st = c.createStatement()) {
            st.executeUpdate("INSERT INTO ingest_dlq (source, payload_json, reason, next_retry_at, created_at) "
                    + "VALUES ('" + SOURCE + "', '{}', 'HTTP 503', '2026-11-24T15:05:00Z', '2026-11-24T15:00:00Z')");
        }
    }

    private static Bar bar(String symbol, Instant ts) {
        return new Bar(symbol, ts, 10.0, 10.5, 9.5, 10.25, 1000, 12, 10.1);
    }
}
