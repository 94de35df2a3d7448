package com.marketbars.ingest.simulator;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The simulator's kept pages: at most as many as asked, the least recently asked for dropped first. */
class RenderedPagesTest {
    private static RenderedPages.Page page(int bars) {
        return new RenderedPages.Page(new byte[] {(byte) bars}, bars);
    }

    @Test
    void beyond_its_capacity_the_page_asked_for_least_recently_is_dropped() {
        RenderedPages pages = new RenderedPages();
        pages.put("a", page(1), 2);
        pages.put("b", page(2), 2);
        assertThat(pages.get("a")).isNotNull();   // a is now asked for more recently than b

        pages.put("c", page(3), 2);

        assertThat(pages.size()).isEqualTo(2);
        assertThat(pages.get("b")).as("least recently asked for").isNull();
        assertThat(pages.get("a").bars()).isEqualTo(1);
        assertThat(pages.get("c").bars()).isEqualTo(3);
    }

    @Test
    void a_smaller_capacity_drops_down_to_it_and_clear_drops_all() {
        RenderedPages pages = new RenderedPages();
        for (int i = 0; i < 5; i++) {
            pages.put("p" + i, page(i), 5);
        }
        pages.put("p5", page(5), 3);
        assertThat(pages.size()).isEqualTo(3);
        assertThat(pages.get("p5")).isNotNull();

        pages.clear();
        assertThat(pages.size()).isZero();
    }

    @Test
    void every_setting_that_shapes_an_answer_is_in_the_key() {
        Realism r = Realism.DEFAULT;
        String key = RenderedPages.key(VendorEndpoint.ALPACA_STOCKS, "symbols=A", 42, 0.0, 0, r);
        assertThat(key)
                .isNotEqualTo(RenderedPages.key(VendorEndpoint.ALPACA_CRYPTO, "symbols=A", 42, 0.0, 0, r))
                .isNotEqualTo(RenderedPages.key(VendorEndpoint.ALPACA_STOCKS, "symbols=B", 42, 0.0, 0, r))
                .isNotEqualTo(RenderedPages.key(VendorEndpoint.ALPACA_STOCKS, "symbols=A", 43, 0.0, 0, r))
                .isNotEqualTo(RenderedPages.key(VendorEndpoint.ALPACA_STOCKS, "symbols=A", 42, 0.01, 0, r))
                .isNotEqualTo(RenderedPages.key(VendorEndpoint.ALPACA_STOCKS, "symbols=A", 42, 0.0, 1, r));
        // each knob of the ground truth shapes the answer
        for (Realism other : List.of(r.withFractionalCryptoVolumes(false), r.withAbsentFieldsRate(0.5), r.withNyseCalendar(false),
                r.withThinShare(r.thinShare() == 0 ? 0.4 : 0), r.withExtendedHours(!r.extendedHours()))) {
            assertThat(key).as(other.toString()).isNotEqualTo(RenderedPages.key(VendorEndpoint.ALPACA_STOCKS, "symbols=A", 42, 0.0, 0, other));
        }
    }
}
