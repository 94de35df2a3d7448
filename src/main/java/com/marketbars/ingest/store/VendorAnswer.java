package com.marketbars.ingest.store;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one page tells of the vendor besides its bars: the bar length of the feed, and - on the request's last page,
 * when the vendor has answered the whole request - which symbols over which window it answered. Each of the page's
 * bars (and quarantined bars) is a bar the vendor served; each interval of the answered window without one is a bar the
 * vendor does not have (a minute without a trade). Recorded by {@link BarAnswers} in the page's transaction.
 *
 * @param answered the request's symbols, when this page completes the request; empty on an earlier page
 */
public record VendorAnswer(Duration barLength, List<String> answered, Instant from, Instant to) {

    public VendorAnswer {
        answered = List.copyOf(answered);
    }

    /** A page after which more pages of the same request follow: only its bars tell something. */
    public static VendorAnswer partial(Duration barLength) {
        return new VendorAnswer(barLength, List.of(), Instant.EPOCH, Instant.EPOCH);
    }

    /** The last page of a request for these symbols over [from, to): every interval of it was answered. */
    public static VendorAnswer complete(Duration barLength, List<String> symbols, Instant from, Instant to) {
        return new VendorAnswer(barLength, symbols, from, to);
    }
}
