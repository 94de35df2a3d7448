package com.marketbars.ingest.app;

import com.marketbars.ingest.dlq.DeadLetterReporter;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.RetryWorker;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;

/** The dead-letter channel's beans (routes/dead-letters.camel.yaml): the reporter that writes a row, the retry worker. */
final class DeadLetterWiring {
    private DeadLetterWiring() {
    }

    static void wire(Wiring w, DeadLetterStore deadLetters, Feeds all) {
        w.bind("DeadLetterStore", deadLetters);
        w.bind("DeadLetterReporter", new DeadLetterReporter(deadLetters, w.settings.dlqRetry(), all::circuitOf, w.clock));
        w.bind("RetryWorker", new RetryWorker(deadLetters, all.all().stream().map(Feed::jobs).toList(), all::isRunning));
    }
}
