package com.marketbars.ingest.ops;

import com.marketbars.ingest.support.Postgres;
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
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The PostgreSQL advisory-lock cluster service, two instances at a time, each in a CamelContext of its own and so
 * with a session of its own, as two processes would be. The server's pg_locks is the ground truth of who holds
 * what.
 */
class PostgresLockClusterServiceTest {
    static final String NAMESPACE = "alpaca_bars_1min";

    private final List<Postgres.Schema> schemas = new ArrayList<>();
    private final List<Instance> instances = new ArrayList<>();

    @AfterEach
    void stop() {
        instances.forEach(Instance::close);
        schemas.forEach(Postgres.Schema::close);
    }

    @Test
    void the_key_is_the_documented_hash_of_schema_and_namespace() {
        // README and operators rely on this: printf 'market-bars-ingest:public:alpaca_bars_1min' | sha256sum | cut -c1-16
        // gives 3f5a84d7d0f231a8. Changing the derivation would let an old and a new version lead at once.
        assertThat(AdvisoryLockSession.key("public", NAMESPACE)).isEqualTo(0x3f5a84d7d0f231a8L);
        assertThat(AdvisoryLockSession.key("public", "other")).isNotEqualTo(AdvisoryLockSession.key("public", NAMESPACE));
        assertThat(AdvisoryLockSession.key("other", NAMESPACE)).isNotEqualTo(AdvisoryLockSession.key("public", NAMESPACE));
    }

    @Test
    void of_two_instances_on_one_namespace_exactly_one_leads_and_holds_the_documented_key() throws Exception {
        Postgres.Schema schema = schema();
        Instance a = start(schema, NAMESPACE);
        Instance b = start(schema, NAMESPACE);

        // through many attempts of the standby, never two leaders, never none
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                .until(() -> a.leads() != b.leads());
        long key = AdvisoryLockSession.key(schema.name(), NAMESPACE);
        assertThat(holders(key)).hasSize(1);
        assertThat(holders(key).get(0)).isEqualTo("market-bars-ingest lock " + NAMESPACE);
    }

    @Test
    void when_the_leaders_session_dies_it_steps_down_and_the_standby_takes_over_within_seconds() throws Exception {
        Postgres.Schema schema = schema();
        Instance a = start(schema, NAMESPACE);
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        Instance b = start(schema, NAMESPACE);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !b.leads());

        long killed = System.nanoTime();
        terminateHolder(AdvisoryLockSession.key(schema.name(), NAMESPACE));   // as a kill -9 or a dropped connection would
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(b::leads);
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.printf("postgres lock: standby led %d ms after the leader's session was terminated%n", takeoverMillis);
        assertThat(takeoverMillis).isLessThan(5_000);

        await().atMost(Duration.ofSeconds(5)).until(() -> !a.leads());
        assertThat(a.events).as("the master: consumers of the old leader were told").endsWith(false);
        assertThat(b.events).endsWith(true);

        // the old leader reconnected and stands by: stopping the new one hands leadership back
        b.close();
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        assertThat(a.events).endsWith(true);
    }

    @Test
    void a_stopped_leader_unlocks_and_the_standby_takes_over() throws Exception {
        Postgres.Schema schema = schema();
        Instance a = start(schema, NAMESPACE);
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        Instance b = start(schema, NAMESPACE);
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(() -> !b.leads());

        a.close();

        assertThat(a.leads()).isFalse();
        await().atMost(Duration.ofSeconds(5)).until(b::leads);
        assertThat(holders(AdvisoryLockSession.key(schema.name(), NAMESPACE))).hasSize(1);
    }

    @Test
    void different_namespaces_do_not_block_each_other() throws Exception {
        Postgres.Schema schema = schema();
        Instance a = start(schema, NAMESPACE);
        Instance b = start(schema, "another_source");

        await().atMost(Duration.ofSeconds(10)).until(() -> a.leads() && b.leads());
    }

    @Test
    void the_same_namespace_in_different_schemas_does_not_block_either() throws Exception {
        Instance a = start(schema(), NAMESPACE);
        Instance b = start(schema(), NAMESPACE);

        await().atMost(Duration.ofSeconds(10)).until(() -> a.leads() && b.leads());
    }

    private Postgres.Schema schema() {
        Postgres.Schema s = Postgres.freshSchema();
        schemas.add(s);
        return s;
    }

    private Instance start(Postgres.Schema schema, String namespace) throws Exception {
        Instance i = new Instance(schema.url(), namespace);
        instances.add(i);
        return i;
    }

    /** application_name of each session holding the advisory lock {@code key}. */
    private static List<String> holders(long key) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(Postgres.SERVER);
             PreparedStatement ps = c.prepareStatement(
                     "SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory'"
                             + " AND l.granted AND ((l.classid::bigint << 32) | l.objid::bigint) = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    private static void terminateHolder(long key) throws SQLException {
        try (Connection c = DriverManager.getConnection(Postgres.SERVER);
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_locks WHERE locktype = 'advisory'"
                     + " AND granted AND ((classid::bigint << 32) | objid::bigint) = ?")) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a session holds the lock").isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }

    /** One would-be process: a CamelContext with the service and a view on one namespace, as a master: route holds it. */
    static final class Instance implements AutoCloseable {
        final CamelContext context = new DefaultCamelContext();
        final CamelClusterView view;
        /** Each leadership event as the master: consumer reads it: does the local member lead? */
        final List<Boolean> events = new CopyOnWriteArrayList<>();

        Instance(String url, String namespace) throws Exception {
            PostgresLockClusterService service = new PostgresLockClusterService(url);
            context.addService(service);
            context.start();
            view = service.getView(namespace);
            view.addEventListener((CamelClusterEventListener.Leadership) (v, leader) -> events.add(v.getLocalMember().isLeader()));
        }

        boolean leads() {
            return view.getLocalMember().isLeader();
        }

        @Override
        public void close() {
            context.stop();
        }
    }
}
