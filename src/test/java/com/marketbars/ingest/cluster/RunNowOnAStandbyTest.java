package com.marketbars.ingest.cluster;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * JMX runNow on a daemon standing by for its feed: the feed's due route would drop the trigger (only the leader starts
 * work), so the operation says where the catch-ups run instead of answering "triggered"; once the daemon takes the
 * lock over, runNow triggers. The other instance is a Camel context in this JVM holding the same file lock.
 */
class RunNowOnAStandbyTest {
    static final String SOURCE = "alpaca_bars_1min";
    final MBeanServer jmx = ManagementFactory.getPlatformMBeanServer();

    @TempDir
    Path dir;
    IngestFixture fixture;
    IngestRuntime standby;
    CamelContext leader;

    @AfterEach
    void stop() {
        if (standby != null) {
            standby.stop();
        }
        if (leader != null) {
            leader.stop();
        }
        fixture.close();
    }

    @Test
    void aStandbySaysItTriggersNothingAndTheLeaderTriggers() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), GroundTruth.symbols(2));
        Path locks = dir.resolve("locks");
        leader = holdingTheLock(locks);

        Map<String, String> settings = fixture.settings();
        settings.put("camel.main.jmx-enabled", "true");
        settings.put("ingest.scheduler.enabled", "true");
        settings.put("ingest.cluster.lock-dir", locks.toString());
        standby = IngestRuntime.start(null, settings);
        ObjectName source = new ObjectName("market-bars-ingest:type=Feed,name=" + SOURCE);

        assertThat((String) jmx.invoke(source, "runNow", null, null))
                .isEqualTo("this instance stands by for " + SOURCE + ": the instance holding its lock runs its"
                        + " catch-ups (status shows which); nothing triggered here");

        leader.stop();
        await().atMost(Duration.ofSeconds(15)).until(() -> standby.context().hasService(CamelClusterService.class).isLeader(SOURCE));
        assertThat((String) jmx.invoke(source, "runNow", null, null)).isEqualTo("catch-up of " + SOURCE + " triggered");
    }

    /** Another instance: the same file lock, taken for the feed. */
    private static CamelContext holdingTheLock(Path locks) throws Exception {
        CamelContext context = new DefaultCamelContext();
        CamelClusterService cluster = SingleInstance.fileLock(locks);
        context.addService(cluster);
        context.start();
        cluster.getView(SOURCE);
        await().atMost(Duration.ofSeconds(10)).until(() -> cluster.isLeader(SOURCE));
        return context;
    }
}
