package com.marketbars.ingest.cluster;

import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.support.Postgres;
import com.marketbars.ingest.support.SilentProxy;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@link LeaseClusterServiceTest} in PostgreSQL schemas of their own; and what only a server shows: a leader whose
 * session ends has died, and a standby takes its feed at once instead of at the deadline; the lease session keeps
 * its own keepalive.
 */
class LeaseClusterServicePostgresTest extends LeaseClusterServiceTest {
    @Override
    String store() {
        Postgres.Copy database = Postgres.migratedDatabase();
        closing.add(database);
        return migrated(database.url());
    }

    @Test
    void when_the_leaders_session_ends_it_died_and_the_standby_takes_its_feed_before_the_deadline() throws Exception {
        String url = store();
        Instance a = leaderOn(url);
        Instance b = standbyOn(url);
        a.freeze();   // so a cannot renew from a new session before b looks: a killed process

        long killed = System.nanoTime();
        terminateLeaseSession(url);
        await().atMost(LEASE).pollInterval(Duration.ofMillis(50)).until(b::leads);
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - killed);
        System.out.printf("lease (postgresql): taken %d ms after the leader's session ended%n", takeoverMillis);
        assertThat(lease(url, NAMESPACE)).containsEntry("taken_because", "died").containsEntry("epoch", 2L);
    }

    @Test
    void a_leader_whose_network_is_cut_is_replaced_within_the_lease_and_steps_down_itself() throws Exception {
        String url = store();
        SilentProxy network = new SilentProxy("127.0.0.1", 5432);
        closing.add(network);
        Instance a = leaderOn(url.replace("127.0.0.1:5432", "127.0.0.1:" + network.port()));
        Instance b = standbyOn(url);

        long cut = System.nanoTime();
        network.cut();
        await().atMost(LEASE.plus(INTERVAL.multipliedBy(3))).pollInterval(Duration.ofMillis(50)).until(b::leads);
        long takeoverMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - cut);
        System.out.printf("lease (postgresql): a cut-off leader's feed taken %d ms after the cut (lease %s)%n", takeoverMillis, LEASE);
        // its server session is still open (the proxy closed nothing): the lease ran out, the holder did not die
        assertThat(lease(url, NAMESPACE)).containsEntry("taken_because", "expired").containsEntry("epoch", 2L);
        // a stops by itself once its renewals fail past its deadline: at most a socket timeout after the cut
        await().atMost(Duration.ofSeconds(LeaseSession.SOCKET_TIMEOUT_SECONDS).plus(LEASE).plus(INTERVAL.multipliedBy(2)))
                .until(() -> !a.leads());
    }

    @Test
    void the_lease_session_asks_the_server_for_a_keepalive_of_seconds() throws Exception {
        String url = store();
        Instance a = start(url, NAMESPACE);
        await().atMost(Duration.ofSeconds(10)).until(a::leads);
        try (Connection c = DriverManager.getConnection(Postgres.SERVER);
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, "market-bars-ingest pid " + ProcessHandle.current().pid() + " leases");
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("lease sessions of this process").isPositive();
            }
        }
        // what the server applies to such a session: the same options on a session of ours
        try (Connection c = DriverManager.getConnection(Postgres.SERVER + "&options=" + Database.SERVER_SESSION_OPTIONS.replace(" ", "%20").replace("=", "%3D"));
             PreparedStatement ps = c.prepareStatement("SELECT current_setting('tcp_keepalives_idle'), current_setting('tcp_keepalives_interval'),"
                     + " current_setting('tcp_keepalives_count'), current_setting('idle_in_transaction_session_timeout')")) {
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                assertThat(rs.getString(4)).isEqualTo("3s");
                assertThat(rs.getString(3)).isEqualTo("3");
            }
        }
    }

    /** Ends the lease session of this process's instances, as a dropped connection or a killed process would. */
    private static void terminateLeaseSession(String url) throws Exception {
        try (Connection c = DriverManager.getConnection(url);
             PreparedStatement ps = c.prepareStatement("SELECT pg_terminate_backend(CAST(holder_pid AS integer)) FROM feed_lease WHERE feed = ?")) {
            ps.setString(1, NAMESPACE);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getBoolean(1)).isTrue();
            }
        }
    }
}
