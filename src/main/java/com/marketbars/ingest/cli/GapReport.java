package com.marketbars.ingest.cli;

import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.coverage.Ingested;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The answer of {@code gaps}: per symbol the ranges missing in [from, to), as {@link Coverage#gaps} finds them (the
 * console's coverage view asks the same), one line a range on stdout ({@code SYMBOL FROM TO BARS}) and a summary line;
 * what the feed never reached is not missing, and is said on stderr.
 */
record GapReport(Coverage coverage, FeedSettings feed, Instant from, Instant to) {

    /** The symbols that have gaps, with them, in the order given: one pass over the feed, not one a symbol. */
    Map<String, List<Gap>> find(List<String> symbols) {
        return coverage.gaps(feed, symbols, from, to);
    }

    /** Prints the gaps and the summary, and notes on {@code err} where the feed has not been; returns the exit code. */
    int print(List<String> symbols, Map<String, List<Gap>> gaps, PrintStream out, PrintStream err) {
        notReached(symbols, err);
        long bars = 0;
        long ranges = 0;
        for (List<Gap> list : gaps.values()) {
            for (Gap g : list) {
                out.printf("%-9s %s %s %d%n", g.symbol(), g.from(), g.to(), g.bars());
                bars += g.bars();
                ranges++;
            }
        }
        String period = "gaps of " + feed.name() + " in [" + from + ", " + to + "): ";
        if (gaps.isEmpty()) {
            out.println(period + "none in " + symbols.size() + " symbol(s)");
            return 0;
        }
        out.printf("%s%d range(s), %,d bar(s) missing, in %d of %d symbol(s)%n", period, ranges, bars, gaps.size(), symbols.size());
        return Failures.GAPS_REMAIN;
    }

    /** Symbols the feed had not reached over part of the period: nothing is counted missing there. */
    private void notReached(List<String> symbols, PrintStream err) {
        Instant earliestEnd = null;
        Map<String, Ingested> spans = coverage.ingested(feed, symbols);
        for (String s : symbols) {
            Ingested span = spans.get(s);
            if (span == null || !span.to().isAfter(from) || !span.from().isBefore(to)) {
                err.printf("Note: %s has nothing ingested in the period%s%n", s,
                        span == null ? "" : " (its history: [" + span.from() + ", " + span.to() + "))");
                continue;
            }
            if (span.from().isAfter(from)) {
                err.printf("Note: %s has nothing ingested before %s%n", s, span.from());
            }
            if (span.to().isBefore(to) && (earliestEnd == null || span.to().isBefore(earliestEnd))) {
                earliestEnd = span.to();
            }
        }
        if (earliestEnd != null) {
            err.printf("Note: bars from the end of a symbol's history on (its checkpoint; the earliest %s) are not ingested "
                    + "yet and not counted%n", earliestEnd);
        }
    }
}
