package com.marketbars.ingest.cli;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.settings.Symbols;
import picocli.CommandLine.Option;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/** The options of a command that works on a period of a feed's bars ({@code backfill}, {@code gaps}). */
public class PeriodOptions {
    @Option(names = "--from", required = true, paramLabel = "ISO", description = "Start, inclusive: an instant (2026-11-23T14:30:00Z) or a UTC date (2026-11-23).")
    String from;

    @Option(names = "--to", required = true, paramLabel = "ISO", description = "End, exclusive: an instant or a UTC date.")
    String to;

    @Option(names = "--symbols", split = ",", paramLabel = "A,B", description = "Symbols to work on (default: the feed's universe).")
    List<String> symbols = new ArrayList<>();

    Instant start(FeedSettings feed) {
        return instant("--from", from, feed.plan().timeframe());
    }

    Instant end(FeedSettings feed) {
        return instant("--to", to, feed.plan().timeframe());
    }

    /** The symbols given, each checked against the feed's syntax (tickers, or pairs such as BTC/USD). */
    List<String> symbols(FeedSettings feed) {
        symbols.forEach(s -> Symbols.validate("--symbols", s, feed.symbolSyntax()));
        return symbols;
    }

    /** An instant or a UTC date on the start of one of the feed's bars (a whole minute, hour or UTC day). */
    static Instant instant(String option, String value, Timeframe timeframe) {
        Instant t;
        try {
            t = value.length() == 10 ? LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant()
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + ": '" + value + "' is neither an ISO instant (2026-11-23T14:30:00Z) nor a date (2026-11-23)");
        }
        // cursors are on whole bars, so a window never splits one, and their text order is their time order
        if (t.toEpochMilli() % timeframe.duration().toMillis() != 0) {
            throw new IllegalArgumentException(option + ": '" + value + "' is not on the start of a " + timeframe
                    + " bar (the feed's timeframe)");
        }
        return t;
    }
}
