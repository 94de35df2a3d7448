package com.marketbars.ingest.cluster;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Which service leads the feeds, by ingest.cluster.lock-dir and ingest.cluster.lease. */
class ClusterServiceChoiceTest {
    static final String POSTGRES = "jdbc:postgresql://db.internal:5432/market?user=ingest";
    static final Duration LEASE = Duration.ofSeconds(7);

    @Test
    void without_a_lock_dir_either_store_gets_leases_in_the_database_of_the_configured_length() {
        for (String url : new String[] {POSTGRES, "jdbc:sqlite:data/market.db?foo=1"}) {
            for (String lockDir : new String[] {null, "", " "}) {
                assertThat(SingleInstance.clusterService(url, lockDir, NamespaceWork.NONE, LEASE))
                        .isInstanceOfSatisfying(LeaseClusterService.class, l -> assertThat(l.getLease()).isEqualTo(LEASE));
            }
        }
    }

    @Test
    void an_explicit_lock_dir_means_a_file_lock_there_whatever_the_database() {
        for (String url : new String[] {POSTGRES, "jdbc:sqlite:data/market.db"}) {
            assertThat(SingleInstance.clusterService(url, "/var/lib/ingest/lock", NamespaceWork.NONE, LEASE))
                    .isInstanceOfSatisfying(FileLockClusterService.class, f ->
                            assertThat(f.getRoot()).isEqualTo(Path.of("/var/lib/ingest/lock").toAbsolutePath().toString()));
        }
    }
}
