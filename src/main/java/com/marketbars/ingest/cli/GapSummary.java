package com.marketbars.ingest.cli;

import com.marketbars.ingest.coverage.CoverageOverview;
import com.marketbars.ingest.coverage.DayOverview;

import java.io.PrintStream;

/**
 * {@code gaps --summary}: the feed's overview ({@link com.marketbars.ingest.coverage.Coverage#overview}, the console's
 * first view) for scripts - one line a UTC day across the whole universe, whitespace-separated columns under a header,
 * then one sentence. Exit 0 when no bar is missing, 9 when some are.
 */
final class GapSummary {
    static final String HEADER = "day        session symbols with_gaps expected stored thin missing lost dead_lettered quarantined extended share";

    private GapSummary() {
    }

    static int print(CoverageOverview o, PrintStream out) {
        out.println(HEADER);
        long missing = 0;
        int incomplete = 0;
        int sessions = 0;
        long cellsWithGaps = 0;
        for (DayOverview d : o.days()) {
            out.printf("%s %-7s %7d %9d %8d %6d %4d %7d %4d %13d %11d %8d %s%n", d.day(), d.closed() == null ? "yes" : "no",
                    d.symbols(), d.symbolsWithGaps(), d.expected(), d.stored(), d.thin(), d.missing(), d.lost(), d.deadLettered(),
                    d.quarantined(), d.extendedHours(), d.share() == null ? "-" : String.format("%.4f", d.share()));
            sessions += d.closed() == null ? 1 : 0;
            incomplete += d.missing() > 0 ? 1 : 0;
            missing += d.missing();
            cellsWithGaps += d.symbolsWithGaps();
        }
        out.printf("overview of %s over %s..%s: %d of %d session day(s) incomplete, %,d bar(s) missing in %,d symbol-day(s) of %,d "
                        + "symbol(s); %d DLQ row(s)%n", o.feed(), o.days().get(0).day(), o.days().get(o.days().size() - 1).day(),
                incomplete, sessions, missing, cellsWithGaps, o.universe(), o.dlqRows());
        return missing > 0 ? Failures.GAPS_REMAIN : 0;
    }
}
