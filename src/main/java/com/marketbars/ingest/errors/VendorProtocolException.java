package com.marketbars.ingest.errors;

/**
 * The vendor answered, but its answer breaks the protocol in a way that asking again unchanged would repeat, such
 * as a {@code next_page_token} that leads back to a page already read. Not redelivered: the batch goes to the DLQ
 * with this message as its reason, and the retry worker replays it later, with backoff, until it is parked.
 */
public class VendorProtocolException extends RuntimeException {
    public VendorProtocolException(String message) {
        super(message);
    }
}
