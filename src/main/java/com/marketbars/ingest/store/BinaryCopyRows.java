package com.marketbars.ingest.store;

import com.marketbars.ingest.pipeline.Bar;
import com.marketbars.ingest.quality.Timestamps;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * A page of bars as the data of {@code COPY ... FROM STDIN (FORMAT binary)}, in the column order of the
 * {@code bars.page.copy*} statements: symbol, ts, open, high, low, close, volume, trade_count, vwap, source,
 * ingested_at.
 * <p>
 * Written here because pgjdbc has none: its {@code CopyIn} takes bytes as they are, and its binary encoders serve bound
 * parameters only. The format (PostgreSQL's "COPY", section "Binary Format") is small: an 11-byte signature, a 32-bit
 * flags word and a 32-bit header-extension length (both 0); per row a 16-bit field count, then per field a 32-bit
 * byte length (-1 for null) and the value in the type's binary send form; a 16-bit -1 after the last row. Every
 * integer is big-endian (network order, {@link ByteBuffer}'s default). The columns of bars are text (ts and ingested_at
 * too: ISO-8601 text, whose order is time order), double precision and bigint, so the values are: text as its UTF-8
 * bytes (the connection's client_encoding, which pgjdbc sets to UTF8), a double as its IEEE 754 bits, a long as itself
 * - exact, no decimal printing or parsing either side, which is what makes binary cheaper than the text format.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final short FIELDS = 11;
    private static final int NULL = -1;
    /** Bytes of a row beside its texts: the field count, 11 lengths, 5 doubles and 2 longs. */
    private static final int FIXED_PER_ROW = 2 + FIELDS * 4 + 5 * 8 + 2 * 8;

    private BinaryCopyRows() {
    }

    /** The COPY data of the bars, header to trailer. */
    static byte[] of(List<Bar> bars, String source, String ingestedAt) {
        byte[] sourceBytes = utf8(source);
        byte[] ingestedAtBytes = utf8(ingestedAt);
        int perRow = FIXED_PER_ROW + length(sourceBytes) + length(ingestedAtBytes) + 24;   // 24: a ts, a short symbol
        ByteBuffer out = ByteBuffer.allocate(SIGNATURE.length + 8 + bars.size() * perRow + 2);
        out.put(SIGNATURE).putInt(0).putInt(0);
        String lastSymbol = null;
        byte[] symbol = null;
        for (Bar b : bars) {
            if (lastSymbol == null || !lastSymbol.equals(b.symbol())) {   // pages run by symbol: encode each once
                lastSymbol = b.symbol();
                symbol = utf8(lastSymbol);
            }
            byte[] ts = b.ts() == null ? null : Timestamps.text(b.ts()).getBytes(StandardCharsets.US_ASCII);
            int room = FIXED_PER_ROW + length(symbol) + length(ts) + length(sourceBytes) + length(ingestedAtBytes) + 2;
            if (out.remaining() < room) {
                out = grown(out, room);
            }
            out.putShort(FIELDS);
            text(out, symbol);
            text(out, ts);
            float8(out, b.open());
            float8(out, b.high());
            float8(out, b.low());
            float8(out, b.close());
            int8(out, b.volume());
            int8(out, b.tradeCount());
            float8(out, b.vwap());
            text(out, sourceBytes);
            text(out, ingestedAtBytes);
        }
        if (out.remaining() < 2) {
            out = grown(out, 2);
        }
        out.putShort((short) -1);
        return out.position() == out.capacity() ? out.array() : Arrays.copyOf(out.array(), out.position());
    }

    private static byte[] utf8(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void text(ByteBuffer out, byte[] value) {
        if (value == null) {
            out.putInt(NULL);   // the table's NOT NULL then refuses the row, as it does a null bound by JDBC
        } else {
            out.putInt(value.length).put(value);
        }
    }

    private static void float8(ByteBuffer out, double value) {
        out.putInt(8).putDouble(value);   // the raw IEEE 754 bits, as float8send sends them
    }

    private static void int8(ByteBuffer out, long value) {
        out.putInt(8).putLong(value);
    }

    private static ByteBuffer grown(ByteBuffer out, int room) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + room));
        bigger.put(out.array(), 0, out.position());
        return bigger;
    }
}
