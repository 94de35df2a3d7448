package com.marketbars.ingest.providers.massive;

import com.marketbars.ingest.checkpoint.IngestJob;
import com.marketbars.ingest.checkpoint.IngestWindow;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.errors.VendorProtocolException;
import com.marketbars.ingest.model.WriteMode;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MassiveRequestTest {

    private static final Instant FROM = Instant.parse("2026-11-24T14:30:00Z");
    private static final Instant TO = Instant.parse("2026-11-24T15:00:00Z");
    private static final String AAPL_MINUTES = "/v2/aggs/ticker/AAPL/range/1/minute/";

    static SymbolBatch batch(List<String> symbols, Instant from, Instant to) {
        return new IngestWindow(IngestJob.backfill("src", com.marketbars.ingest.support.Plans.DEFAULT, symbols, from, to, WriteMode.INSERT_ONLY), from, to, symbols, 50).batches().get(0);
    }

    private static SymbolBatch aapl() {
        return batch(List.of("AAPL"), FROM, TO);
    }

    @Test
    void theFirstPageAsksForTheHalfOpenWindowInEpochMillisWithAnInclusiveTo() {
        String[] page = new MassiveRequest(Timeframe.ONE_MINUTE, 50_000).firstPage(aapl());
        assertThat(page[0]).isEqualTo(AAPL_MINUTES + FROM.toEpochMilli() + "/" + (TO.toEpochMilli() - 1));
        assertThat(page[1]).isEqualTo("adjusted=false&sort=asc&limit=50000");
    }

    @Test
    void theTimespanIsTheFeedsTimeframeAndTheAdjustmentAndLimitAreConfigured() {
        SymbolBatch b = batch(List.of("BRK.B"), FROM, TO);
        assertThat(new MassiveRequest(Timeframe.ONE_HOUR, 10, true).firstPage(b))
                .containsExactly("/v2/aggs/ticker/BRK.B/range/1/hour/" + FROM.toEpochMilli() + "/" + (TO.toEpochMilli() - 1),
                        "adjusted=true&sort=asc&limit=10");
        assertThat(new MassiveRequest(Timeframe.ONE_DAY, 10).firstPage(b)[0]).contains("/range/1/day/");
        assertThatThrownBy(() -> new MassiveRequest(Timeframe.ONE_MINUTE, 50_001)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MassiveRequest(Timeframe.ONE_MINUTE, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBatchOfSeveralSymbolsIsRefusedAsMassiveServesOneTickerPerRequest() {
        assertThatThrownBy(() -> new MassiveRequest(Timeframe.ONE_MINUTE, 100).firstPage(batch(List.of("AAPL", "MSFT"), FROM, TO)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one ticker");
    }

    @Test
    void aNextPageIsTheNextUrlsPathAndQueryOnlyWithoutAnyApiKey() {
        MassiveRequest r = new MassiveRequest(Timeframe.ONE_MINUTE, 5000);
        String path = AAPL_MINUTES + "1795530600000/1795532399999";
        assertThat(r.nextPage(aapl(), "https://api.massive.com" + path + "?cursor=YWJj")).containsExactly(path, "cursor=YWJj");
        assertThat(r.nextPage(aapl(), "http://127.0.0.1:1" + AAPL_MINUTES + "2026-11-24/2026-11-25?cursor=x%2By&apiKey=SECRET&limit=5"))
                .containsExactly(AAPL_MINUTES + "2026-11-24/2026-11-25", "cursor=x%2By&limit=5");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "http://evil.example/v2/aggs/ticker/MSFT/range/1/minute/1/2?cursor=a",          // another ticker
            "http://evil.example/v2/aggs/ticker/AAPL/range/1/hour/1/2?cursor=a",            // another timespan
            "http://evil.example/v2/aggs/ticker/AAPL/range/5/minute/1/2?cursor=a",          // another multiplier
            "http://evil.example/v3/reference/tickers?cursor=a",                             // another resource
            "http://evil.example/v2/aggs/ticker/AAPL/range/1/minute/../../../../v3/x/1",     // a way out
            "http://evil.example/v2/aggs/ticker/AAPL/range/1/minute/1/2/extra",
            "http://evil.example/v2/aggs/ticker/AAPLX/range/1/minute/1/2",
            "http://evil.example/v2/aggs/ticker/AAPL/range/1/minute/1/%2e%2e",
            "/relative?cursor=a",
            "not a url at all",
            "http://[::1"})
    void aNextUrlLeadingAnywhereButThisTickersAggregatesIsRefused(String nextUrl) {
        assertThatThrownBy(() -> new MassiveRequest(Timeframe.ONE_MINUTE, 5000).nextPage(aapl(), nextUrl))
                .isInstanceOf(VendorProtocolException.class)
                .hasMessageContaining("AAPL")
                .hasMessageNotContaining("evil.example");
    }

    @Test
    void redactingANextUrlDropsOnlyTheApiKey() {
        assertThat(MassiveRequest.redact("http://h/v2/aggs/ticker/A/range/1/minute/1/2?apiKey=K&cursor=c")).isEqualTo("http://h/v2/aggs/ticker/A/range/1/minute/1/2?cursor=c");
        assertThat(MassiveRequest.redact("http://h/p?APIKEY=K")).isEqualTo("http://h/p");
        assertThat(MassiveRequest.redact("http://h/p?cursor=c")).isEqualTo("http://h/p?cursor=c");
        assertThat(MassiveRequest.redact("")).isEmpty();
        assertThat(MassiveRequest.redact(null)).isNull();
    }

    @Test
    void prepareSetsAGetWithPathAndQueryAndLeavesTheHostToTheEndpoint() throws Exception {
        MassiveRequest r = new MassiveRequest(Timeframe.ONE_MINUTE, 5000);
        SymbolBatch b = aapl();
        try (DefaultCamelContext camel = new DefaultCamelContext()) {
            Exchange ex = new DefaultExchange(camel);
            ex.getMessage().setBody("previous page");
            ex.getMessage().setHeader(Exchange.HTTP_URI, "http://evil.example/");

            r.prepare(ex, b, "");
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_METHOD)).isEqualTo("GET");
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo(r.firstPage(b)[0]);
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_QUERY)).isEqualTo(r.firstPage(b)[1]);
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_URI)).isNull();
            assertThat(ex.getMessage().getBody()).isNull();

            r.prepare(ex, b, "http://elsewhere:9" + AAPL_MINUTES + "1/2?cursor=abc");
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_PATH)).isEqualTo(AAPL_MINUTES + "1/2");
            assertThat(ex.getMessage().getHeader(Exchange.HTTP_QUERY)).isEqualTo("cursor=abc");
            assertThat(b.window().requests()).as("the pipeline counts a request where it leaves").isZero();
        }
    }
}
