package com.marketbars.ingest.universe;

import com.marketbars.ingest.settings.VendorUniverse;
import com.marketbars.ingest.model.Provider;

import java.util.ArrayList;
import java.util.List;

/**
 * One refresh of a feed's universe while its pages come in: the assets read so far and the vendor's next page, if any.
 * It travels in the exchange property {@code universeListing} from {@code universe-refresh} to each page and back.
 */
public final class UniverseListing {
    /** More pages than any real list takes (Massive: 1000 tickers a page, about 11,000 active stocks). */
    static final int MAX_PAGES = 200;
    private final String feed;
    private final Provider provider;
    private final VendorUniverse spec;
    private final List<Asset> assets = new ArrayList<>();
    private boolean asked;
    private String nextUrl;
    private int pages;
    private final long startedNanos = System.nanoTime();

    UniverseListing(String feed, Provider provider, VendorUniverse spec) {
        this.feed = feed;
        this.provider = provider;
        this.spec = spec;
    }

    public String getFeed() {
        return feed;
    }

    Provider provider() {
        return provider;
    }

    VendorUniverse spec() {
        return spec;
    }

    /** True until the first page is read, then while the vendor names a next page. */
    public boolean isMore() {
        return !asked || nextUrl != null;
    }

    /** The vendor's next page (Massive's next_url), or null on the first page. */
    String nextUrl() {
        return nextUrl;
    }

    /** A page was read: its assets, and the next page the vendor names (null or empty: none). */
    void pageRead(List<Asset> page, String next) {
        asked = true;
        if (++pages > MAX_PAGES) {
            throw new com.marketbars.ingest.errors.VendorProtocolException("the asset list of feed " + feed + " runs past "
                    + MAX_PAGES + " pages: refused (a vendor's next_url going round in circles?)");
        }
        assets.addAll(page);
        nextUrl = next == null || next.isEmpty() ? null : next;
    }

    /** Requests the refresh made (each page is one). */
    public int getPages() {
        return pages;
    }

    /** Since the refresh began: its requests, its reading and, once applied, its write. */
    long elapsedMillis() {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    List<Asset> assets() {
        return assets;
    }
}
