package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;

/**
 * Writes the simulator's prices as JSON numbers. Its prices are whole cents and its VWAPs whole ten-thousandths, and
 * such a number's shortest text is its decimal digits: written from the scaled long here, the same characters as
 * Jackson's double writer gives (DecimalTextTest checks them against it), which was two fifths of the simulator's
 * CPU in the backfill benchmark, where it shares the cores with the ingest it serves. Any other double goes to
 * Jackson. One per page being rendered: not thread-safe.
 */
final class DecimalText {
    /** Fraction digits this writes itself: cents (2) and VWAPs (4) are both whole ten-thousandths. */
    private static final int SCALE = 4;
    private static final double UNITS = 10_000.0;
    /**
     * Below 10^7 a double's shortest text is plain (above it, 1.0E7); at and above 10^-3 too (below it, 1.0E-4),
     * and 0 is "0.0". Below 10^7 doubles lie far closer together than 10^-4, so no shorter text names the same
     * double as the whole ten-thousandths with their trailing zeros cut.
     */
    private static final double PLAIN_FROM = 1e-3;
    private static final double PLAIN_BELOW = 1e7;

    private final char[] digits = new char[32];

    /** Writes {@code value} as a JSON number: the text a double's shortest representation gives. */
    void write(JsonGenerator g, double value) throws IOException {
        if ((value >= PLAIN_FROM && value < PLAIN_BELOW) || Double.doubleToRawLongBits(value) == 0L) {   // 0.0, not -0.0
            long units = Math.round(value * UNITS);
            if (units / UNITS == value) {
                g.writeNumber(digits, 0, format(units));
                return;
            }
        }
        g.writeNumber(value);
    }

    /** {@code units} ten-thousandths as "integer.fraction", the fraction without trailing zeros but at least one digit. */
    private int format(long units) {
        long whole = units / (long) UNITS;
        int fraction = (int) (units % (long) UNITS);
        int fractionDigits = SCALE;
        while (fractionDigits > 1 && fraction % 10 == 0) {
            fraction /= 10;
            fractionDigits--;
        }
        int wholeDigits = 1;
        for (long w = whole; w >= 10; w /= 10) {
            wholeDigits++;
        }
        for (int i = wholeDigits - 1; i >= 0; i--) {
            digits[i] = (char) ('0' + whole % 10);
            whole /= 10;
        }
        int end = wholeDigits;
        digits[end++] = '.';
        for (int i = fractionDigits - 1; i >= 0; i--) {
            digits[end + i] = (char) ('0' + fraction % 10);
            fraction /= 10;
        }
        return end + fractionDigits;
    }
}
