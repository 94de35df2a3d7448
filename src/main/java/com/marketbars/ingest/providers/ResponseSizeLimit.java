package com.marketbars.ingest.providers;

import org.apache.camel.component.http.HttpClientConfigurer;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.KnownFailure;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Refuses a vendor answer longer than any page can be. Camel's HTTP producer reads a whole body into memory before
 * Jackson builds a tree of every bar in it, so without a limit a vendor sending 50 MB made a JVM with
 * {@code -Xmx256m} run out of memory and hang. Past the limit the connection is dropped, not drained, and the read
 * fails with {@link ResponseTooLargeException}: an {@link IOException}, so the page is redelivered and then
 * dead-lettered like any page that does not parse.
 */
public final class ResponseSizeLimit implements HttpClientConfigurer {
    /**
     * Room per bar. A bar in Alpaca's compact JSON takes about 105 bytes ({@code "t","o","h","l","c","v","n","vw"});
     * this leaves room for pretty-printing and for fields a vendor may add.
     */
    static final int BYTES_PER_BAR = 512;
    /** Room for the envelope, the symbol keys and a vendor's error message. */
    static final long ENVELOPE_BYTES = 1 << 20;

    private final long maxBytes;

    public ResponseSizeLimit(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The limit for pages of at most {@code pageLimit} bars ({@code ingest.vendor.page-limit}). */
    public static ResponseSizeLimit forPageLimit(int pageLimit) {
        return new ResponseSizeLimit(ENVELOPE_BYTES + (long) pageLimit * BYTES_PER_BAR);
    }

    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder builder) {
        // first in the chain is outermost: it sees the body after HttpClient has decompressed it, so a small gzip
        // body that inflates to gigabytes is counted by what it inflates to
        builder.addExecInterceptorFirst("response-size-limit", (request, scope, chain) -> {
            ClassicHttpResponse response = chain.proceed(request, scope);
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                response.setEntity(new Limited(entity, scope.execRuntime));
            }
            return response;
        });
    }

    /** The vendor's answer is longer than the limit; nothing of it is used. */
    public static final class ResponseTooLargeException extends IOException implements KnownFailure {
        public ResponseTooLargeException(String message) {
            super(message);
        }

        /** An IOException, but the vendor answered: no outage. */
        @Override
        public FailureKind failureKind() {
            return FailureKind.BAD_ANSWER;
        }
    }

    private final class Limited extends HttpEntityWrapper {
        private final ExecRuntime runtime;
        private volatile boolean refused;

        Limited(HttpEntity wrapped, ExecRuntime runtime) {
            super(wrapped);
            this.runtime = runtime;
        }

        @Override
        public InputStream getContent() throws IOException {
            return new FilterInputStream(super.getContent()) {
                private long count;

                @Override
                public int read() throws IOException {
                    checkDeclaredLength();
                    int b = super.read();
                    if (b >= 0) {
                        counted(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    checkDeclaredLength();
                    int n = super.read(buf, off, len);
                    if (n > 0) {
                        counted(n);
                    }
                    return n;
                }

                private void checkDeclaredLength() throws IOException {
                    long declared = getContentLength();
                    if (declared > maxBytes) {
                        throw refuse("Content-Length " + declared);
                    }
                }

                private void counted(int n) throws IOException {
                    count += n;
                    if (count > maxBytes) {
                        throw refuse(count + " bytes read");
                    }
                }

                @Override
                public void close() throws IOException {
                    if (!refused) {
                        super.close();
                        return;
                    }
                    try {
                        super.close();   // releases a decompressor; draining the dropped connection fails at once
                    } catch (IOException dropped) {
                        // expected: the connection is gone
                    }
                }
            };
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream in = getContent()) {
                in.transferTo(out);   // through the limit, unlike the wrapped entity's own writeTo
            }
        }

        @Override
        public void close() throws IOException {
            if (!refused) {
                super.close();
            }
            // refused: closing the wrapped entity would read the rest of the body to reuse the connection, which
            // is what the limit is there to prevent; the connection is already discarded
        }

        private ResponseTooLargeException refuse(String how) {
            refused = true;
            runtime.discardEndpoint();   // drop the connection instead of draining the rest of the body
            return new ResponseTooLargeException("the vendor's response is larger than the limit of " + maxBytes
                    + " bytes for a page (" + how + "); refused without reading the rest");
        }
    }
}
