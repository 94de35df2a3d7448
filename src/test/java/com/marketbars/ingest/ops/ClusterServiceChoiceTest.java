package com.marketbars.ingest.ops;

import org.apache.camel.component.file.cluster.FileLockClusterService;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Which lock guards one active instance, by ingest.db.url and ingest.cluster.lock-dir. */
class ClusterServiceChoiceTest {
    static final String POSTGRES = "jdbc:postgresql://db.internal:5432/market?user=ingest";

    @Test
    void sqlite_gets_a_file_lock_beside_its_file() {
        assertThat(SingleInstance.clusterService("jdbc:sqlite:data/market.db?foo=1", "", NamespaceWork.NONE))
                .isInstanceOfSatisfying(FileLockClusterService.class, f ->
                        assertThat(f.getRoot()).isEqualTo(Path.of("data/market.db.instance").toAbsolutePath().toString()));
    }

    @Test
    void postgresql_gets_the_advisory_lock_in_that_database() {
        assertThat(SingleInstance.clusterService(POSTGRES, null, NamespaceWork.NONE))
                .isInstanceOfSatisfying(PostgresLockClusterService.class, p -> assertThat(p.getJdbcUrl()).isEqualTo(POSTGRES));
        assertThat(SingleInstance.clusterService(POSTGRES, " ", NamespaceWork.NONE)).isInstanceOf(PostgresLockClusterService.class);
    }

    @Test
    void an_explicit_lock_dir_means_a_file_lock_there_whatever_the_database() {
        for (String url : new String[] {POSTGRES, "jdbc:sqlite:data/market.db"}) {
            assertThat(SingleInstance.clusterService(url, "/var/lib/ingest/lock", NamespaceWork.NONE))
                    .isInstanceOfSatisfying(FileLockClusterService.class, f ->
                            assertThat(f.getRoot()).isEqualTo(Path.of("/var/lib/ingest/lock").toAbsolutePath().toString()));
        }
    }
}
