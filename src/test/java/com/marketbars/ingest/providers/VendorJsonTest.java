package com.marketbars.ingest.providers;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The providers' JSON reader parses numbers with Jackson's fast double parser: every price must come out as the
 * JDK's own {@link Double#parseDouble} reads its text - the values stored are the vendor's, to the last bit.
 */
class VendorJsonTest {

    @Test
    void reads_numbers_with_the_fast_double_parser() {
        assertThat(VendorJson.create().getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER)).isTrue();
    }

    @Test
    void reads_every_price_as_the_jdk_parser_does() throws Exception {
        SplittableRandom random = new SplittableRandom(20261129);
        List<String> literals = new ArrayList<>(List.of("0.1", "0.3", "10.6123", "1.0E-7", "4.9E-324", "2.2250738585072011E-308",
                "1.7976931348623157E308", "9007199254740993.0", "0.30000000000000004", "123456.78901234567890123",
                "-0.0", "1e22", "1e23", "8.41e21", "2.5E-5"));
        for (int i = 0; i < 100_000; i++) {
            literals.add(switch (i % 4) {
                // prices as vendors send them: up to 4 decimals, cents to thousands
                case 0 -> String.format(Locale.ROOT, "%.4f", random.nextDouble(0.0001, 5_000));
                case 1 -> String.format(Locale.ROOT, "%." + random.nextInt(1, 8) + "f", random.nextDouble(0, 1_000_000));
                // any finite double's shortest text, and long decimal expansions that need correct rounding
                case 2 -> Double.toString(finite(random));
                default -> new java.math.BigDecimal(random.nextDouble(0, 1_000)).toPlainString();
            });
        }

        ObjectMapper json = VendorJson.create();
        JsonNode read = json.readTree("[" + String.join(",", literals) + "]");

        assertThat(read.size()).isEqualTo(literals.size());
        for (int i = 0; i < literals.size(); i++) {
            assertThat(Double.doubleToRawLongBits(read.get(i).doubleValue()))
                    .as(literals.get(i))
                    .isEqualTo(Double.doubleToRawLongBits(Double.parseDouble(literals.get(i))));
        }
    }

    /** A double of random bits, any sign and exponent, drawn again while it is infinite or NaN (JSON has neither). */
    private static double finite(SplittableRandom random) {
        double d;
        do {
            d = Double.longBitsToDouble(random.nextLong());
        } while (!Double.isFinite(d));
        return d;
    }
}
