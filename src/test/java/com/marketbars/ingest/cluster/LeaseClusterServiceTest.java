package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.RealTimeBounds;
import org.apache.camel.CamelContext;
import org.apache.camel.cluster.CamelClusterEventListener;
import org.apache.camel.cluster.CamelClusterView;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.awaitility.Awaitility.await;

/**
 * The lease cluster service, several instances at a time, each in a CamelContext of its own and so with a database
 * session of its own, as processes would be. The lease table is the ground truth of who holds what. A frozen instance
 * is one whose attempts' thread is blocked: it renews nothing, as a process under SIGSTOP (the child-JVM specs freeze
 * real processes). Run on PostgreSQL by LeaseClusterServicePostgresTest and on SQLite by LeaseClusterServiceSqliteTest.
 */
@RealTimeBounds
abstract class LeaseClusterServiceTest {
    static final String NAMESPACE = "alpaca_bars_1min";
    /** Short, so the specs are: the bound is LEASE + INTERVAL to a standby's take. */
    static final Duration LEASE = Duration.ofSeconds(3);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final String ME = "pid " + ProcessHandle.current().pid() + " at ";

    final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    /** A new, migrated store; its JDBC URL. */
    abstract String store() throws Exception;

    @AfterEach
    void stop() throws Exception {
        instances.forEach(Instance::close);
        for (int i = closing.size() - 1; i >= 0; i--) {
            closing.get(i).close();
        }
    }

    /** Migrates the store (V13 makes the lease tables) as the first daemon on it would. */
    String migrated(String url) {
        closing.add(Database.open(url, 2));
        return url;
    }

    @Test
    void of_two_instances_on_one_namespace_exactly_one_leads_and_the_lease_names_it() throws Exception {
        String url = store();
        Instance a = start(url, NAMESPACE);
        Instance b = start(url, NAMESPACE);

        // through many attempts of the standby, never two leaders, never none
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).until(() -> a.leads() != b.leads());
        Map<String, Object> lease = lease(url, NAMESPACE);
        assertThat((String) lease.get("holder_name")).startsWith(ME);
        assertThat(lease).containsEntry("epoch", 1L).containsEntry("taken_because", "first");
        Instance leader = a.leads() ? a : b;
        assertThat(leader.service.epoch(NAMESPACE)).isEqualTo(1L);
        assertThat((a.leads() ? b : a).service.epoch(NAMESPACE)).isNull();
    }

    @Test
    void a_stopped_leader_releases_and_the_standby_takes_the_next_epoch_at_its_next_attempt() throws Exception {
        String url = store();
        Instance a = leaderOn(url);
        Instance b = standbyOn(url);

        a.close();

        assertThat(a.leads()).isFalse();
        await().atMost(INTERVAL.multipliedBy(3)).until(b::leads);
        assertThat(lease(url, NAMESPACE)).containsEntry("epoch", 2L).containsEntry("taken_because", "released");
    }

    @Test
    void a_frozen_leader_loses_the_feed_within_the_lease_and_steps_down_when_it_wakes() throws Exception {
        String url = store();
        Instance a = leaderOn(url);
        Instance b = standbyOn(url);

        long frozen = System.nanoTime();
        CountDownLatch wake = a.freeze();
        await().atMost(LEASE.plus(INTERVAL.multipliedBy(3))).pollInterval(Duration.ofMillis(50)).until(b::leads);
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - frozen);
        System.out.printf("lease (%s): a frozen leader's feed taken %d ms after the freeze (lease %s)%n", url.split(":")[1],
                takeoverMillis, LEASE);
        assertThat(takeoverMillis).as("not before the lease ran out").isGreaterThanOrEqualTo(LEASE.toMillis() - INTERVAL.toMillis());
        assertThat(lease(url, NAMESPACE)).containsEntry("epoch", 2L).containsEntry("taken_because", "expired");
        assertThat(a.leads()).as("frozen, it has not noticed yet").isTrue();

        wake.countDown();
        // its first attempt awake renews, the database refuses: it stands by and only b leads
        await().atMost(INTERVAL.multipliedBy(3)).until(() -> !a.leads());
        assertThat(a.events).endsWith(false);
        assertThat(a.service.epoch(NAMESPACE)).isNull();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(4)).until(() -> b.leads() && !a.leads());
    }

    @Test
    void different_namespaces_do_not_block_each_other() throws Exception {
        String url = store();
        Instance a = start(url, NAMESPACE);
        Instance b = start(url, "another_source");

        await().atMost(Duration.ofSeconds(10)).until(() -> a.leads() && b.leads());
    }

    @Test
    void live_instances_share_the_namespaces_and_a_stopped_or_frozen_instances_go_to_the_others() throws Exception {
        String url = store();
        List<String> feeds = List.of("feed_a", "feed_b", "feed_c", "feed_d");
        Instance first = start(url, feeds, NamespaceWork.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.leading() == 4);

        Instance second = start(url, feeds, NamespaceWork.NONE);
        // the first hands two over and the second takes them: each leads its share, every feed has one leader
        await().atMost(Duration.ofSeconds(15)).until(() -> first.leading() == 2 && second.leading() == 2);
        Instance third = start(url, feeds, NamespaceWork.NONE);
        // four among three: two, one and one, steadily
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(20)).until(() -> leadersOf(feeds, first, second, third) == 4
                && first.leading() >= 1 && second.leading() >= 1 && third.leading() >= 1);

        // a frozen instance stops counting at its deadline: the others take its share, as they would a dead one's
        third.freeze();
        await().atMost(LEASE.plus(Duration.ofSeconds(5))).until(() -> first.leading() + second.leading() == 4);
        second.close();
        await().atMost(Duration.ofSeconds(15)).until(() -> first.leading() == 4);
    }

    @Test
    void a_namespace_whose_work_is_running_is_handed_over_only_once_the_work_ends() throws Exception {
        String url = store();
        List<String> feeds = List.of("feed_a", "feed_b");
        AtomicBoolean catchingUp = new AtomicBoolean(true);   // both feeds of the first are mid catch-up
        Instance first = start(url, feeds, namespace -> catchingUp.get());
        await().atMost(Duration.ofSeconds(10)).until(() -> first.leading() == 2);

        Instance second = start(url, feeds, NamespaceWork.NONE);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10)).until(() -> first.leading() == 2 && second.leading() == 0);

        catchingUp.set(false);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.leading() == 1 && second.leading() == 1);
        assertThat(first.events).as("the first's consumers of the feed handed over were stopped").contains(false);
        assertThat(lease(url, second.view("feed_a").getLocalMember().isLeader() ? "feed_a" : "feed_b"))
                .containsEntry("taken_because", "released");
    }

    @Test
    void instances_of_other_feeds_neither_count_nor_leave_a_feed_without_a_leader() throws Exception {
        String url = store();
        // another deployment on the same store runs one of these feeds: it is not a live instance of this one, so the
        // first never hands feed_a over to an instance that does not have it
        Instance first = start(url, List.of("feed_a", "feed_b"), NamespaceWork.NONE);
        await().atMost(Duration.ofSeconds(10)).until(() -> first.leading() == 2);
        Instance other = start(url, List.of("feed_b"), NamespaceWork.NONE);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(10))
                .until(() -> first.leads("feed_a") && first.leads("feed_b") != other.leads("feed_b"));
    }

    static int leadersOf(List<String> feeds, Instance... instances) {
        int led = 0;
        for (String feed : feeds) {
            for (Instance i : instances) {
                led += i.leads(feed) ? 1 : 0;
            }
        }
        return led;
    }

    /**
     * Stopping races the attempts: Camel's cluster service holds its lock on the views while it stops each one, and
     * an attempt holds its view while it counts the namespaces this instance leads. Counted through Camel's isLeader,
     * which takes that lock, the two waited for each other for ever: a daemon's SIGTERM hung (FreezeChaosPostgresTest)
     * and so did a runtime's stop in a spec (VendorUniverseDaemonTest), both under a loaded machine's timing.
     */
    @Test
    void stopping_while_the_views_attempt_never_hangs() throws Exception {
        String url = migrated(store());
        for (int round = 0; round < 40; round++) {
            Instance racing = new Instance(url, List.of("x_bars_1min", "y_bars_1min", "z_bars_1min"), NamespaceWork.NONE,
                    Duration.ofMillis(1));
            Thread.sleep(round % 7);
            int r = round;
            // as a route's holder of a view gives it back at its stop (CatchUpOnLeadership): the last one stops the view
            assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
                for (CamelClusterView view : racing.views.values()) {
                    racing.service.releaseView(view);
                }
            }, () -> "giving the views back in round " + r + " hung");
            racing.close();   // not on a failure above: it would hang the spec's end as well
        }
    }

    /** An instance on {@link #NAMESPACE} that has taken its lease. */
    Instance leaderOn(String url) throws Exception {
        Instance leader = start(url, NAMESPACE);
        await().atMost(Duration.ofSeconds(10)).until(leader::leads);
        return leader;
    }

    /** An instance on {@link #NAMESPACE} beside its leader, seen standing by for two seconds. */
    Instance standbyOn(String url) throws Exception {
        Instance standby = start(url, NAMESPACE);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !standby.leads());
        return standby;
    }

    Instance start(String url, String namespace) throws Exception {
        return start(url, List.of(namespace), NamespaceWork.NONE);
    }

    Instance start(String url, List<String> namespaces, NamespaceWork work) throws Exception {
        Instance i = new Instance(url, namespaces, work);
        instances.add(i);
        return i;
    }

    /** The feed's row of feed_lease, by column. */
    static Map<String, Object> lease(String url, String feed) throws SQLException {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT epoch, holder_name, taken_because, taken_from FROM feed_lease WHERE feed = ?")) {
            ps.setString(1, feed);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a lease of " + feed).isTrue();
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("epoch", rs.getLong(1));
                out.put("holder_name", rs.getString(2));
                out.put("taken_because", rs.getString(3));
                out.put("taken_from", rs.getString(4));
                return out;
            }
        }
    }

    /**
     * One would-be process: a CamelContext with the service and a view on each namespace, as the master: routes of a
     * deployment's feeds hold them.
     */
    static final class Instance implements AutoCloseable {
        final CamelContext context = new DefaultCamelContext();
        final LeaseClusterService service;
        final Map<String, CamelClusterView> views = new LinkedHashMap<>();
        /** Each leadership event as the master: consumers read it: does the local member lead? */
        final List<Boolean> events = new CopyOnWriteArrayList<>();
        private final List<CountDownLatch> frozen = new CopyOnWriteArrayList<>();

        Instance(String url, List<String> namespaces, NamespaceWork work) throws Exception {
            this(url, namespaces, work, INTERVAL);
        }

        Instance(String url, List<String> namespaces, NamespaceWork work, Duration interval) throws Exception {
            service = new LeaseClusterService(url, work);
            service.setInterval(interval);
            service.setLease(LEASE);
            context.addService(service);
            context.start();
            for (String namespace : namespaces) {
                CamelClusterView view = service.getView(namespace);
                view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> events.add(v.getLocalMember().isLeader()));
                views.put(namespace, view);
            }
        }

        /** Blocks the attempts' one thread, as SIGSTOP would the whole process: no renewal until the latch opens. */
        CountDownLatch freeze() {
            CountDownLatch wake = new CountDownLatch(1);
            frozen.add(wake);
            service.executor().execute(() -> {
                try {
                    wake.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            return wake;
        }

        CamelClusterView view(String namespace) {
            return views.get(namespace);
        }

        boolean leads() {
            return views.values().iterator().next().getLocalMember().isLeader();
        }

        boolean leads(String namespace) {
            return view(namespace).getLocalMember().isLeader();
        }

        int leading() {
            return (int) views.values().stream().filter(v -> v.getLocalMember().isLeader()).count();
        }

        @Override
        public void close() {
            frozen.forEach(CountDownLatch::countDown);
            context.stop();
        }
    }
}
