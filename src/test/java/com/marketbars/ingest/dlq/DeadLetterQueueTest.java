package com.marketbars.ingest.dlq;

import com.marketbars.ingest.support.SettableClock;
import com.marketbars.ingest.store.Database;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.JMX;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeadLetterQueueTest {

    private static final String SOURCE = "alpaca_bars_1min";
    private static final Instant NOW = Instant.parse("2026-11-24T15:00:00Z");
    private static final Instant START = Instant.parse("2026-11-24T00:00:00Z");
    private static final Instant END = Instant.parse("2026-11-25T00:00:00Z");

    @TempDir
    Path dir;

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final AtomicInteger passes = new AtomicInteger();
    private Database db;
    private SettableClock clock;
    private DeadLetterStore store;
    private ObjectName name;
    private DeadLetterQueueMXBean jmx;

    @BeforeEach
    void open() throws Exception {
        db = Database.open("jdbc:sqlite:" + dir.resolve("t.db"), 2);
        clock = new SettableClock(NOW);
        store = new DeadLetterStore(db, clock);
        name = new ObjectName("market-bars-ingest-test:type=DeadLetterQueue,name=" + SOURCE + ",dir=" + dir.getFileName());
        server.registerMBean(new DeadLetterQueue(new DeadLetterReview(store, SOURCE), passes::incrementAndGet), name);
        jmx = JMX.newMXBeanProxy(server, name, DeadLetterQueueMXBean.class);
    }

    @AfterEach
    void close() throws Exception {
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        db.close();
    }

    @Test
    void it_is_registered_as_an_mxbean() throws Exception {
        assertThat(JMX.isMXBeanInterface(DeadLetterQueueMXBean.class)).isTrue();
        assertThat(server.getMBeanInfo(name).getAttributes())
                .extracting(a -> a.getName())
                .containsExactlyInAnyOrder("Depth", "Parked", "OldestEntry");
    }

    @Test
    void an_empty_dlq_reads_zero_and_no_oldest_entry() throws Exception {
        assertThat(jmx.getDepth()).isZero();
        assertThat(jmx.getParked()).isZero();
        assertThat(jmx.getOldestEntry()).isEmpty();
        assertThat(server.getAttribute(name, "Depth")).isEqualTo(0L);
        assertThat(jmx.list(false)).isEmpty();
    }

    @Test
    void depth_parked_and_oldest_entry_read_the_dlq_of_the_source() {
        seed("AAPL", false);
        clock.advance(Duration.ofMinutes(5));
        seed("MSFT", true);
        store.record("polygon_bars_1min", request("NVDA"), "HTTP 503", 0, NOW, true);

        assertThat(jmx.getDepth()).isEqualTo(2);
        assertThat(jmx.getParked()).isEqualTo(1);
        assertThat(jmx.getOldestEntry()).isEqualTo("2026-11-24T15:00:00Z");
    }

    @Test
    void list_gives_one_line_per_row_and_parked_only_filters() {
        DeadLetter aapl = seed("AAPL", false);
        DeadLetter msft = seed("MSFT", true);

        assertThat(jmx.list(false)).containsExactly(DeadLetterQueue.line(aapl), DeadLetterQueue.line(msft));
        assertThat(jmx.list(true)).containsExactly(DeadLetterQueue.line(msft));
        assertThat(jmx.list(true)[0]).startsWith("#" + msft.id() + " MSFT [").contains("parked 2026-11-24T15:00:00Z");
    }

    @Test
    void discard_through_the_proxy_removes_the_row_and_audits_it_as_jmx() {
        DeadLetter row = seed("AAPL", true);

        String answer = jmx.discard(row.id(), " delisted ");

        assertThat(answer).isEqualTo("DLQ #" + row.id() + " discarded (kept in ingest_dlq_audit)");
        assertThat(store.get(row.id())).isEmpty();
        assertThat(jmx.getDepth()).isZero();
        assertThat(store.audit(SOURCE)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("discarded");
            assertThat(a.reason()).isEqualTo("delisted");
            assertThat(a.actor()).isEqualTo("jmx");
        });
        assertThat(passes).hasValue(0);
    }

    @Test
    void discard_without_a_reason_is_refused_and_keeps_the_row() {
        DeadLetter row = seed("AAPL", true);

        assertThatThrownBy(() -> jmx.discard(row.id(), ""))
                .hasStackTraceContaining("a discard needs a reason");

        assertThat(store.get(row.id())).isPresent();
        assertThat(store.audit(SOURCE)).isEmpty();
    }

    @Test
    void retry_through_the_proxy_un_parks_the_row_makes_it_due_now_and_starts_a_pass() {
        DeadLetter row = seed("AAPL", true);
        clock.advance(Duration.ofHours(1));

        String answer = jmx.retry(row.id());

        assertThat(answer).isEqualTo("DLQ #" + row.id() + " is due now; a retry pass is queued");
        assertThat(passes).hasValue(1);
        assertThat(jmx.getParked()).isZero();
        assertThat(store.due(SOURCE, 10)).singleElement().satisfies(d -> {
            assertThat(d.id()).isEqualTo(row.id());
            assertThat(d.nextRetryAt()).isEqualTo(NOW.plus(Duration.ofHours(1)));
        });
        assertThat(store.audit(SOURCE)).singleElement().satisfies(a -> {
            assertThat(a.action()).isEqualTo("retry-requested");
            assertThat(a.actor()).isEqualTo("jmx");
        });
    }

    @Test
    void retry_all_through_the_proxy_makes_every_row_due_and_starts_one_pass() {
        seed("AAPL", true);
        seed("MSFT", false);
        seed("NVDA", false);

        String answer = jmx.retryAll();

        assertThat(answer).isEqualTo("3 DLQ rows are due now; a retry pass is queued");
        assertThat(passes).hasValue(1);
        assertThat(store.due(SOURCE, 10)).hasSize(3);
    }

    @Test
    void retry_of_an_unknown_row_is_refused_and_starts_no_pass() {
        assertThatThrownBy(() -> jmx.retry(4711))
                .hasStackTraceContaining("no DLQ row 4711");

        assertThat(passes).hasValue(0);
    }

    private DeadLetter seed(String symbol, boolean parked) {
        ReplayRequest r = request(symbol);
        store.record(SOURCE, r, "HTTP 422", parked ? 10 : 0, NOW.plus(Duration.ofDays(1)), parked);
        return store.list(SOURCE, false).stream().filter(d -> d.request().equals(r)).findFirst().orElseThrow();
    }

    private static ReplayRequest request(String... symbols) {
        return new ReplayRequest(SOURCE, List.of(symbols), START, END);
    }
}
