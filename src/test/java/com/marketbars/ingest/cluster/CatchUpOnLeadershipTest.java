package com.marketbars.ingest.cluster;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.cluster.CamelClusterService;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A feed's catch-up is triggered by taking the feed's lock - once, by the process that takes it, at start-up and on
 * taking over - and never by a process standing by. Real file locks (the SQLite deployment's cluster service), two
 * Camel contexts sharing one lock directory as two daemons on one database would; each feed's due queue ends in a mock.
 */
class CatchUpOnLeadershipTest {
    @TempDir
    Path locks;
    final List<CamelContext> contexts = new ArrayList<>();

    @AfterEach
    void stop() {
        contexts.forEach(CamelContext::stop);
    }

    @Test
    void theProcessThatTakesAFeedsLockTriggersOneCatchUpOfIt() throws Exception {
        CamelContext leader = daemon(List.of("feed_a", "feed_b"));
        MockEndpoint a = leader.getEndpoint("mock:due-feed_a", MockEndpoint.class);
        MockEndpoint b = leader.getEndpoint("mock:due-feed_b", MockEndpoint.class);
        a.expectedMessageCount(1);
        b.expectedMessageCount(1);
        leader.start();

        MockEndpoint.assertIsSatisfied(10, TimeUnit.SECONDS, a, b);
        // and only once while it keeps the lock: the lock's heartbeats are not new leaderships
        Thread.sleep(2_500);
        assertThat(a.getReceivedCounter()).isEqualTo(1);
        assertThat(b.getReceivedCounter()).isEqualTo(1);
    }

    @Test
    void aProcessStandingByTriggersNothingUntilItTakesTheLockOver() throws Exception {
        CamelContext first = daemon(List.of("feed_a"));
        first.getEndpoint("mock:due-feed_a", MockEndpoint.class).expectedMessageCount(1);
        first.start();
        MockEndpoint.assertIsSatisfied(first, 10, TimeUnit.SECONDS);

        CamelContext second = daemon(List.of("feed_a"));
        MockEndpoint standby = second.getEndpoint("mock:due-feed_a", MockEndpoint.class);
        second.start();
        // several of the second's lock attempts (one a second) find the lock held
        Thread.sleep(3_000);
        assertThat(standby.getReceivedCounter()).isZero();
        assertThat(second.hasService(CamelClusterService.class).isLeader("feed_a")).isFalse();

        first.stop();
        standby.expectedMessageCount(1);
        MockEndpoint.assertIsSatisfied(second, 15, TimeUnit.SECONDS);
        assertThat(second.hasService(CamelClusterService.class).isLeader("feed_a")).isTrue();
    }

    /**
     * A daemon's lock and trigger for these feeds, each feed's due queue ending in mock:due-FEED; not started, so that
     * a spec sets its expectations before the first trigger can arrive.
     */
    private CamelContext daemon(List<String> feeds) throws Exception {
        CamelContext context = new DefaultCamelContext();
        contexts.add(context);
        CamelClusterService cluster = SingleInstance.fileLock(locks);
        context.addService(cluster);
        // the template before the listener: stopped after it, as the product's resources are
        ProducerTemplate triggers = context.createProducerTemplate();
        context.addService(triggers);
        context.addService(new CatchUpOnLeadership(triggers, cluster, feeds));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                for (String feed : feeds) {
                    from("seda:ingest-due-" + feed + "?size=1").to("mock:due-" + feed);
                }
            }
        });
        return context;
    }
}
