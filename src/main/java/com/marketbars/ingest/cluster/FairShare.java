package com.marketbars.ingest.cluster;

/**
 * How many of a deployment's namespaces (its feeds) one instance leads when the live instances share them: each leads
 * {@code namespaces / instances}, and the first {@code namespaces % instances} of them by rank (the oldest) one more,
 * so the shares add up to exactly the namespaces - none is left without a leader, none is led by an instance that
 * could give it to one with less, and an instance that joins takes feeds from the others only when they have more
 * than their share. An instance at its share leaves the other namespaces to the instances below theirs; one
 * above it (the first to start led everything) hands namespaces over until it is at its share.
 *
 * @param namespaces the namespaces every instance of the deployment has (its feeds)
 * @param instances the live instances, this one included
 * @param rank this instance's place among them by age, from 0, in an order every instance sees alike
 */
record FairShare(int namespaces, int instances, int rank) {
    FairShare {
        if (namespaces < 0 || instances < 1 || rank < 0 || rank >= instances) {
            throw new IllegalArgumentException("namespaces " + namespaces + ", instances " + instances + ", rank " + rank);
        }
    }

    int share() {
        return namespaces / instances + (rank < namespaces % instances ? 1 : 0);
    }

    boolean mayLeadAnother(int leading) {
        return leading < share();
    }

    boolean leadsTooMany(int leading) {
        return leading > share();
    }

    @Override
    public String toString() {
        return "share " + share() + " of " + namespaces + " among " + instances + " live instance(s)";
    }
}
