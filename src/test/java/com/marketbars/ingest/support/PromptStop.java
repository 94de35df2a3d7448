package com.marketbars.ingest.support;

import java.util.Map;

/**
 * The one Camel setting every test run of the application adds; it changes how long a stop takes and nothing else.
 * <p>
 * A seda consumer (routes ingest-due and dlq-due) blocks in a poll for up to its poll timeout, 1 s by default, and
 * only then sees that its route is stopping; Camel stops the routes one after another, so each stop of the
 * application's context waited 2 to 3 s for nothing, and the suite stops it hundreds of times. Polling every 100 ms,
 * a stop takes a few hundred ms. Either way a consumer takes a message the moment it is queued.
 */
public final class PromptStop {
    public static final String KEY = "camel.component.seda.default-poll-timeout";
    public static final String VALUE = "100";

    private PromptStop() {
    }

    /** Adds the setting to {@code settings} (as given to {@code --set} or to Camel's override properties). */
    public static <M extends Map<? super String, ? super String>> M addTo(M settings) {
        settings.put(KEY, VALUE);
        return settings;
    }
}
