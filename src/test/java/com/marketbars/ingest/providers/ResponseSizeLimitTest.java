package com.marketbars.ingest.providers;

import com.marketbars.ingest.support.HostileVendor;
import com.marketbars.ingest.support.HostileVendor.Answer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The limit on the HTTP client itself, against a vendor on loopback. The client has one pooled connection, so a
 * connection the limit failed to give back would leave the next request waiting for one until it fails.
 */
class ResponseSizeLimitTest {

    private static final long LIMIT = 64 * 1024;
    private static final long HUGE = 50L * 1024 * 1024;
    private static final String OK = "{\"bars\":{}}";

    /** {@code bytes} of JSON whitespace inside an object: valid, and as long as asked. */
    private static HostileVendor.Body padded(long bytes) {
        return out -> {
            out.write('{');
            byte[] spaces = " ".repeat(8192).getBytes(StandardCharsets.US_ASCII);
            for (long n = 2; n < bytes; n += spaces.length) {
                out.write(spaces, 0, (int) Math.min(spaces.length, bytes - n));
            }
            out.write('}');
        };
    }

    private static CloseableHttpClient client() {
        HttpClientBuilder b = HttpClientBuilder.create().setConnectionManager(
                PoolingHttpClientConnectionManagerBuilder.create().setMaxConnTotal(1).setMaxConnPerRoute(1).build());
        new ResponseSizeLimit(LIMIT).configureHttpClient(b);
        return b.build();
    }

    private static String get(CloseableHttpClient client, String url) throws Exception {
        return client.execute(new HttpGet(url + "/v2/stocks/bars"), r -> EntityUtils.toString(r.getEntity()));
    }

    @Test
    void aBodyUpToTheLimitIsReadWhole() throws Exception {
        try (HostileVendor vendor = HostileVendor.start(q -> Answer.chunked(padded(LIMIT)));
             CloseableHttpClient client = client()) {
            assertThat(get(client, vendor.baseUrl())).hasSize((int) LIMIT);
        }
    }

    @Test
    void aChunkedBodyPastTheLimitIsRefusedWithoutReadingTheRestAndTheConnectionIsFreed() throws Exception {
        boolean[] huge = {true};
        try (HostileVendor vendor = HostileVendor.start(q -> huge[0] ? Answer.chunked(padded(HUGE)) : Answer.json(OK));
             CloseableHttpClient client = client()) {
            Throwable t = catchThrowable(() -> get(client, vendor.baseUrl()));

            assertThat(t).isInstanceOf(ResponseSizeLimit.ResponseTooLargeException.class)
                    .hasMessageContaining("larger than the limit of " + LIMIT + " bytes");
            assertThat(vendor.bytesWritten()).as("the connection was dropped, not drained").isLessThan(HUGE / 2);
            huge[0] = false;
            assertThat(get(client, vendor.baseUrl())).isEqualTo(OK);
        }
    }

    @Test
    void aDeclaredContentLengthPastTheLimitIsRefusedBeforeReading() throws Exception {
        boolean[] huge = {true};
        try (HostileVendor vendor = HostileVendor.start(q -> huge[0] ? new Answer(200, Map.of(), HUGE, padded(HUGE)) : Answer.json(OK));
             CloseableHttpClient client = client()) {
            Throwable t = catchThrowable(() -> get(client, vendor.baseUrl()));

            assertThat(t).isInstanceOf(ResponseSizeLimit.ResponseTooLargeException.class)
                    .hasMessageContaining("Content-Length " + HUGE);
            assertThat(vendor.bytesWritten()).isLessThan(HUGE / 2);
            huge[0] = false;
            assertThat(get(client, vendor.baseUrl())).isEqualTo(OK);
        }
    }

    @Test
    void aSmallGzipBodyIsCountedByWhatItInflatesTo() throws Exception {
        HostileVendor.Body bomb = out -> {
            try (OutputStream gz = new GZIPOutputStream(out)) {
                padded(HUGE).writeTo(gz);
            }
        };
        try (HostileVendor vendor = HostileVendor.start(q -> new Answer(200, Map.of("Content-Encoding", "gzip"), 0, bomb));
             CloseableHttpClient client = client()) {
            Throwable t = catchThrowable(() -> get(client, vendor.baseUrl()));

            assertThat(t).isInstanceOf(ResponseSizeLimit.ResponseTooLargeException.class);
        }
    }

    @Test
    void theLimitForAPageLeavesRoomForFullPagesOfCompactOrPrettyJson() {
        // a bar in Alpaca's compact form is about 105 bytes, pretty-printed about 200
        assertThat(ResponseSizeLimit.forPageLimit(10_000).maxBytes()).isGreaterThan(10_000L * 200 * 2).isLessThan(HUGE / 5);
        assertThat(ResponseSizeLimit.forPageLimit(1).maxBytes()).isGreaterThanOrEqualTo(1 << 20);
    }
}
