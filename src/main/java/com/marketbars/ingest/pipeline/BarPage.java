package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.quality.Rejection;

import java.util.List;

/** One vendor response, mapped and validated: bars to write, bars refused, and the token of the next page. */
public record BarPage(List<Bar> bars, List<Rejection> rejected, String nextPageToken) {
    public boolean hasNext() {
        return nextPageToken != null && !nextPageToken.isEmpty();
    }
}
