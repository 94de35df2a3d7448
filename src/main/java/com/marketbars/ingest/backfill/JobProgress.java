package com.marketbars.ingest.backfill;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * How far a backfill job is, from its shards: done, leased (by whom), pending; and an ETA from the pace of the shards
 * done since it was submitted (null until one is done, and once all are).
 */
public record JobProgress(BackfillJob job, int shards, int done, int leased, List<String> workers, Instant eta) {

    public static JobProgress of(BackfillJob job, List<BackfillQueue.ShardState> shards, Instant now) {
        int done = (int) shards.stream().filter(s -> s.state().equals("done")).count();
        List<BackfillQueue.ShardState> leased = shards.stream()
                .filter(s -> s.state().equals("leased") && s.leaseUntil() != null && s.leaseUntil().isAfter(now)).toList();
        Instant lastDone = shards.stream().map(BackfillQueue.ShardState::doneAt).filter(Objects::nonNull).max(Instant::compareTo).orElse(null);
        Instant eta = null;
        if (done > 0 && done < shards.size() && lastDone != null && lastDone.isAfter(job.submittedAt())) {
            long perShard = Duration.between(job.submittedAt(), lastDone).toMillis() / done;
            eta = lastDone.plusMillis(perShard * (shards.size() - done));
        }
        return new JobProgress(job, shards.size(), done, leased.size(),
                leased.stream().map(BackfillQueue.ShardState::leaseOwner).distinct().sorted().toList(), eta);
    }

    /** One line for {@code status} and JMX. */
    public String line() {
        BackfillJob j = job;
        return "job " + j.id() + " " + j.feed() + " [" + j.from() + ", " + j.to() + ") " + j.symbols().size() + " symbols "
                + j.writeMode().label() + ": " + done + "/" + shards + " shards done"
                + (j.finished() ? ", finished " + j.finishedAt()
                : ", " + leased + " in work" + (workers.isEmpty() ? "" : " by " + String.join(", ", workers))
                + (eta == null ? "" : ", ETA " + eta));
    }
}
