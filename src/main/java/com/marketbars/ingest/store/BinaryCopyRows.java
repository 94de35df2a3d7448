package com.marketbars.ingest.store;

import com.marketbars.ingest.model.Bar;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
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
 * integer is big-endian (network order, {@link ByteBuffer}'s default). The columns of bars are text, timestamptz (ts
 * and ingested_at, V12), double precision, bigint and the volume's numeric, so the values are: text as its UTF-8 bytes
 * (the connection's client_encoding, which pgjdbc sets to UTF8), an instant as timestamptz_send sends it - a long of
 * microseconds since 2000-01-01T00:00:00Z, whatever the session's TimeZone - a double as its IEEE 754 bits, a long as
 * itself, a decimal as numeric's base-10000 digits - exact, no decimal printing or parsing either side, which is what
 * makes binary cheaper than the text format. An absent trade count or VWAP is a null field.
 */
final class BinaryCopyRows {
    private static final byte[] SIGNATURE = {'P', 'G', 'C', 'O', 'P', 'Y', '\n', (byte) 0xFF, '\r', '\n', 0};
    private static final short FIELDS = 11;
    private static final int NULL = -1;
    /**
     * Bytes of a row beside its texts: the field count, 11 lengths, 5 doubles, 3 longs (trade count, ts, ingested_at) and a volume of up to 20 decimal
     * digits each side of the point ({@link #numeric}: a header of 4 shorts, a short per 4 digits); a longer one grows
     * the buffer.
     */
    private static final int NUMERIC_ROOM = 8 + 2 * 10;
    private static final int FIXED_PER_ROW = 2 + FIELDS * 4 + 5 * 8 + 3 * 8 + NUMERIC_ROOM;
    private static final short NUMERIC_POSITIVE = 0x0000;
    private static final short NUMERIC_NEGATIVE = 0x4000;
    private static final BigInteger GROUP = BigInteger.valueOf(10_000);
    /** PostgreSQL's epoch of timestamps, 2000-01-01T00:00:00Z, in seconds of the Unix epoch. */
    private static final long POSTGRES_EPOCH_SECOND = 946_684_800L;

    private BinaryCopyRows() {
    }

    /** The COPY data of the bars, header to trailer. */
    static byte[] of(List<Bar> bars, String feed, Instant ingestedAt) {
        byte[] sourceBytes = utf8(feed);
        int perRow = FIXED_PER_ROW + length(sourceBytes) + 8;   // 8: a short symbol
        ByteBuffer out = ByteBuffer.allocate(SIGNATURE.length + 8 + bars.size() * perRow + 2);
        out.put(SIGNATURE).putInt(0).putInt(0);
        String lastSymbol = null;
        byte[] symbol = null;
        for (Bar b : bars) {
            if (lastSymbol == null || !lastSymbol.equals(b.symbol())) {   // pages run by symbol: encode each once
                lastSymbol = b.symbol();
                symbol = utf8(lastSymbol);
            }
            int room = FIXED_PER_ROW + volumeBeyondRoom(b.volume()) + length(symbol) + length(sourceBytes) + 2;
            if (out.remaining() < room) {
                out = grown(out, room);
            }
            out.putShort(FIELDS);
            text(out, symbol);
            timestamptz(out, b.ts());
            float8(out, b.open());
            float8(out, b.high());
            float8(out, b.low());
            float8(out, b.close());
            numeric(out, b.volume());
            if (b.tradeCount() == null) {
                out.putInt(NULL);
            } else {
                int8(out, b.tradeCount());
            }
            if (b.vwap() == null) {
                out.putInt(NULL);
            } else {
                float8(out, b.vwap());
            }
            text(out, sourceBytes);
            timestamptz(out, ingestedAt);
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

    /**
     * An instant as timestamptz_send sends it: microseconds since PostgreSQL's epoch (integer datetimes, the only kind
     * since PostgreSQL 10); nanoseconds below a whole microsecond are dropped (timestamptz keeps microseconds; the
     * quality gate admits whole minutes only).
     */
    static void timestamptz(ByteBuffer out, Instant value) {
        if (value == null) {
            out.putInt(NULL);   // refused by the NOT NULL of the column
            return;
        }
        long micros = Math.addExact(Math.multiplyExact(value.getEpochSecond() - POSTGRES_EPOCH_SECOND, 1_000_000L), value.getNano() / 1_000);
        out.putInt(8).putLong(micros);
    }

    private static void float8(ByteBuffer out, double value) {
        out.putInt(8).putDouble(value);   // the raw IEEE 754 bits, as float8send sends them
    }

    private static void int8(ByteBuffer out, long value) {
        out.putInt(8).putLong(value);
    }

    /**
     * A decimal in numeric's binary send form (PostgreSQL's numeric_send): ndigits, weight, sign and dscale as 16-bit
     * integers, then ndigits base-10000 digits, most significant first; the value is the sum of digit[i] x
     * 10000^(weight - i), and dscale the decimal digits after the point. The unscaled digits are padded on the right to a
     * whole group after the point, so each group lies on a 4-digit boundary of the decimal point.
     */
    static void numeric(ByteBuffer out, BigDecimal value) {
        int scale = Math.max(value.scale(), 0);
        int pad = (4 - scale % 4) % 4;
        BigInteger unscaled = value.setScale(scale + pad).unscaledValue().abs();
        int fractionGroups = (scale + pad) / 4;
        short[] groups = new short[unscaled.bitLength() / 13 + 2];   // 10000 > 2^13: at most one group per 13 bits, + 1
        int n = 0;
        if (unscaled.bitLength() < 63) {
            for (long u = unscaled.longValue(); u != 0; u /= 10_000) {
                groups[n++] = (short) (u % 10_000);
            }
        } else {
            for (BigInteger u = unscaled; u.signum() != 0; ) {
                BigInteger[] qr = u.divideAndRemainder(GROUP);
                groups[n++] = qr[1].shortValue();
                u = qr[0];
            }
        }
        // groups[0] is the least significant; trailing zero groups (after the last nonzero) need not be sent
        int low = 0;
        while (low < n && groups[low] == 0) {
            low++;
        }
        int ndigits = n - low;
        int weight = ndigits == 0 ? 0 : n - 1 - fractionGroups;
        out.putInt(8 + 2 * ndigits);
        out.putShort((short) ndigits).putShort((short) weight)
                .putShort(value.signum() < 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE).putShort((short) scale);
        for (int i = n - 1; i >= low; i--) {
            out.putShort(groups[i]);
        }
    }

    /** Bytes of the volume's numeric beyond the room each row is given. */
    private static int volumeBeyondRoom(BigDecimal volume) {
        int groups = (volume.precision() + Math.abs(volume.scale())) / 4 + 2;
        return Math.max(0, 8 + 2 * groups - NUMERIC_ROOM);
    }

    private static ByteBuffer grown(ByteBuffer out, int room) {
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(out.capacity() * 2, out.position() + room));
        bigger.put(out.array(), 0, out.position());
        return bigger;
    }
}
