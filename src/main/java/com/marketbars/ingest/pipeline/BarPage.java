package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.quality.Rejection;

import java.util.List;

/**
 * One vendor response, mapped and validated: bars to write, bars refused, and the token of the next page.
 * A plain class, not a record: a page of 10,000 bars must never be hashed or compared element by element.
 */
public final class BarPage {
    private final List<Bar> bars;
    private final List<Rejection> rejected;
    private final String nextPageToken;

    public BarPage(List<Bar> bars, List<Rejection> rejected, String nextPageToken) {
        this.bars = bars;
        this.rejected = rejected;
        this.nextPageToken = nextPageToken;
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
        return nextPageToken != null && !nextPageToken.isEmpty();
    }

    @Override
    public String toString() {
        return "BarPage[" + bars.size() + " bars, " + rejected.size() + " rejected, next=" + nextPageToken + "]";
    }
}
