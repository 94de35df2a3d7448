package com.marketbars.ingest.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.StreamWriteFeature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's prices are written as the same characters Jackson's double writer would give them, only faster. */
class DecimalTextTest {
    private static final JsonFactory JSON = JsonFactory.builder().enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build();

    @Test
    void everyPriceIsWrittenAsJacksonWritesItsDouble() throws IOException {
        List<Double> values = new ArrayList<>(List.of(0.0, -0.0, 0.001, 0.0009, 0.0001, 0.01, 0.1, 1.0, 10.5, 123.45, 123.4,
                123.0, 9_999_999.9999, 9_999_999.99, 1e7, 1e7 + 0.5, 12_345_678.9, -1.5, -0.01, 0.30000000000000004,
                Double.MIN_VALUE, Double.MAX_VALUE, 1e-5, 4_503_599_627_370_496.0));
        SplittableRandom r = new SplittableRandom(20261129);
        for (int i = 0; i < 100_000; i++) {
            values.add(r.nextLong(100_000_000_000L) / 100.0);       // cents, up to a billion
            values.add(r.nextLong(1_000_000_000L) / 10_000.0);      // VWAPs, ten-thousandths
            values.add(Math.round(r.nextDouble(1, 500) * 100) / 100.0 - 1);   // a corrupted high: low - 1
            values.add(r.nextDouble(0, 1_000_000));                   // any double
            values.add(Double.longBitsToDouble(r.nextLong()));        // any bit pattern
        }
        DecimalText text = new DecimalText();
        for (double v : values) {
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                continue;
            }
            assertThat(written(g -> text.write(g, v))).as("%s", v).isEqualTo(written(g -> g.writeNumber(v)));
        }
    }

    @Test
    void theFastPathKeepsAtLeastOneFractionDigitAndCutsTrailingZeros() throws IOException {
        DecimalText text = new DecimalText();
        assertThat(written(g -> text.write(g, 123.0))).isEqualTo("[123.0]");
        assertThat(written(g -> text.write(g, 123.40))).isEqualTo("[123.4]");
        assertThat(written(g -> text.write(g, 0.05))).isEqualTo("[0.05]");
        assertThat(written(g -> text.write(g, 230.2125))).isEqualTo("[230.2125]");
    }

    private interface Writing {
        void to(JsonGenerator g) throws IOException;
    }

    private static String written(Writing writing) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartArray();
            writing.to(g);
            g.writeEndArray();
        }
        return out.toString();
    }
}
