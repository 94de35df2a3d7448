package com.marketbars.ingest.providers;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The JSON reader of every provider's answers (bound as {@value #BEAN}, named by the {@code unmarshal} step of each
 * provider template). Its one setting: numbers with a fraction are read by Jackson's fast double parser
 * (FastDoubleParser, correctly rounded like {@link Double#parseDouble}, so the values are the same): the JDK's parser
 * was half of the JSON parse's CPU in the backfill benchmark - six prices of every bar.
 */
public final class VendorJson {
    public static final String BEAN = "vendorJson";

    private VendorJson() {
    }

    public static ObjectMapper create() {
        return new ObjectMapper(JsonFactory.builder().enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER).build());
    }
}
