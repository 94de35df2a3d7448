package com.marketbars.ingest.feeds;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.settings.IngestSettings;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.camel.Exchange;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The feeds of this deployment, by name: what the routes shared by every feed ask when they need one feed's part (is
 * it running, its scheduled job, its circuit, stopping it when its keys are refused).
 */
public final class Feeds {
    private final Map<String, Feed> byName = new LinkedHashMap<>();

    public Feeds(List<Feed> feeds) {
        feeds.forEach(f -> byName.put(f.name(), f));
    }

    public Collection<Feed> all() {
        return byName.values();
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }

    /** @throws IllegalArgumentException naming the feeds there are */
    public Feed feed(String name) {
        Feed f = byName.get(name);
        if (f == null) {
            throw new IllegalArgumentException("no feed '" + name + "'; the feeds are " + String.join(", ", byName.keySet()));
        }
        return f;
    }

    /**
     * The feed a command means: the one named, or the only one. @throws IllegalArgumentException when several feeds
     * exist and none was named
     */
    public Feed chosen(String nameOrNull) {
        return feed(IngestSettings.choose(names(), nameOrNull));
    }

    public boolean isRunning(String feed) {
        return feed(feed).control().isRunning();
    }

    /** The scheduled job of a feed: its universe, each symbol from its checkpoint. */
    public IngestJob scheduled(String feed) {
        return feed(feed).jobs().scheduled();
    }

    public CircuitBreaker circuitOf(String feed) {
        return feed(feed).circuit();
    }

    /** A 401/403: stops the batch's feed, and its window stays where it was (nothing is dead-lettered). */
    public void credentialsRefused(SymbolBatch batch, Exchange exchange) {
        feed(batch.window().job().feed()).control().credentialsRefused(batch, exchange);
    }
}
