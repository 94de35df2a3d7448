package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Rejection;

import java.time.Instant;
import java.util.List;

/**
 * One vendor response, mapped and validated: bars to write, bars refused, the token of the next page, and when the
 * vendor sent it (its HTTP {@code Date}), so that no checkpoint passes the vendor's own clock.
 * A plain class, not a record: a page of 10,000 bars must never be hashed or compared element by element.
 */
public final class BarPage {
    private final List<Bar> bars;
    private final List<Rejection> rejected;
    private final String nextPageToken;
    private final Instant vendorTime;

    /**
     * @param nextPageToken the vendor's token or cursor of the next page; null or empty: this was the last page (a
     *                      vendor answering {@code "next_page_token": ""} means the same as null, whatever the vendor)
     * @param vendorTime    when the vendor sent this answer, or null when it did not say
     */
    public BarPage(List<Bar> bars, List<Rejection> rejected, String nextPageToken, Instant vendorTime) {
        this.bars = bars;
        this.rejected = rejected;
        this.nextPageToken = nextPageToken == null || nextPageToken.isEmpty() ? null : nextPageToken;
        this.vendorTime = vendorTime;
    }

    public BarPage(List<Bar> bars, List<Rejection> rejected, String nextPageToken) {
        this(bars, rejected, nextPageToken, null);
    }

    public List<Bar> bars() {
        return bars;
    }

    public List<Rejection> rejected() {
        return rejected;
    }

    /**
     * What the route reads as {@code ${body.nextPageToken}}. Keep it the only accessor of that name: beside a
     * {@code getNextPageToken()}, Camel's bean binding files both under the getter when reflection happens to list
     * the getter first, which it does in some JVMs and not others, and then fails every page of the run as ambiguous.
     */
    public String nextPageToken() {
        return nextPageToken;
    }

    public boolean hasNext() {
        return nextPageToken != null;
    }

    /** When the vendor sent this page (its HTTP Date), or null. */
    public Instant vendorTime() {
        return vendorTime;
    }

    /** Bars the vendor sent on this page, whether kept or refused by the quality gate. */
    public int received() {
        return bars.size() + rejected.size();
    }

    @Override
    public String toString() {
        return "BarPage[" + bars.size() + " bars, " + rejected.size() + " rejected, next=" + nextPageToken + "]";
    }
}
