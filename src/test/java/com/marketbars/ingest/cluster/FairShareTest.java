package com.marketbars.ingest.cluster;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FairShareTest {
    @Test
    void theSharesOfTheLiveInstancesAddUpToEveryNamespaceAndDifferByAtMostOne() {
        for (int namespaces = 0; namespaces <= 12; namespaces++) {
            for (int instances = 1; instances <= 5; instances++) {
                int total = 0;
                int least = Integer.MAX_VALUE;
                int most = 0;
                for (int rank = 0; rank < instances; rank++) {
                    int share = new FairShare(namespaces, instances, rank).share();
                    total += share;
                    least = Math.min(least, share);
                    most = Math.max(most, share);
                }
                assertThat(total).as("%d namespaces, %d instances", namespaces, instances).isEqualTo(namespaces);
                assertThat(most - least).as("%d namespaces, %d instances", namespaces, instances).isLessThanOrEqualTo(1);
            }
        }
    }

    @Test
    void twoFeedsOnTwoInstancesAreOneEach() {
        for (int rank = 0; rank < 2; rank++) {
            FairShare share = new FairShare(2, 2, rank);
            assertThat(share.mayLeadAnother(0)).isTrue();
            assertThat(share.mayLeadAnother(1)).isFalse();
            assertThat(share.leadsTooMany(1)).isFalse();
            assertThat(share.leadsTooMany(2)).isTrue();
        }
    }

    @Test
    void aloneAnInstanceLeadsEverything() {
        FairShare share = new FairShare(3, 1, 0);
        assertThat(share.mayLeadAnother(2)).isTrue();
        assertThat(share.leadsTooMany(3)).isFalse();
    }

    @Test
    void fourFeedsOnThreeInstancesAreTwoOneOneTheFirstByRankLeadingTwo() {
        assertThat(new FairShare(4, 3, 0).share()).isEqualTo(2);
        assertThat(new FairShare(4, 3, 1).share()).isEqualTo(1);
        assertThat(new FairShare(4, 3, 2).share()).isEqualTo(1);
    }

    @Test
    void theInstanceAskingIsLiveAndRankedAmongTheLive() {
        assertThatThrownBy(() -> new FairShare(2, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new FairShare(2, 2, 2)).isInstanceOf(IllegalArgumentException.class);
    }
}
