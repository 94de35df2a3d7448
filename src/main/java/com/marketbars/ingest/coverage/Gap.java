package com.marketbars.ingest.coverage;

import java.time.Instant;

/**
 * Bars of a symbol that a feed should hold and does not: every expected bar starting in [from, to) is missing (the end
 * is exclusive), and they are {@code bars} in number. A gap never spans time the calendar expects nothing of (a night
 * of a stock feed ends one gap and the next session starts another).
 */
public record Gap(String symbol, Instant from, Instant to, int bars) {
}
