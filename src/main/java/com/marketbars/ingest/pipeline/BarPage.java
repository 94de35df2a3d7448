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

    /** Also a bean getter, so the route can read {@code ${body.nextPageToken}}. */
    public String getNextPageToken() {
        return nextPageToken;
    }

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
