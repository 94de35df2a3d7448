package com.marketbars.ingest.providers.massive;

import com.marketbars.ingest.model.Text;
import com.marketbars.ingest.checkpoint.BatchPacking;
import com.marketbars.ingest.model.FeedPlan;
import com.marketbars.ingest.checkpoint.SymbolBatch;
import com.marketbars.ingest.errors.VendorProtocolException;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The dates a grouped-daily batch asks for, one request each: the UTC days of its window [start, end) that are
 * session dates of the feed's calendar (every one of them when the feed asks closed days too). Our day windows are UTC
 * days, and a New York date's day bar lies in the UTC day of the same date. The "page token" between the requests of a
 * batch is the next date, so fetch-batch's pagination, its loop guard and the DLQ work as for any other vendor.
 */
final class MassiveGroupedDates {
    private MassiveGroupedDates() {
    }

    /** The batch's first date to ask for, or null when its window holds none (the planner skips such windows). */
    static LocalDate first(SymbolBatch batch) {
        return from(batch, LocalDate.ofInstant(batch.start(), ZoneOffset.UTC));
    }

    /** The date after {@code date} to ask for, or null when it was the window's last. */
    static LocalDate after(SymbolBatch batch, LocalDate date) {
        return from(batch, date.plusDays(1));
    }

    /**
     * The date a page token names, refused unless it lies in the batch's window: a token is ours, and a corrupt one
     * must not send a request for a date the batch does not cover.
     */
    static LocalDate parse(SymbolBatch batch, String token) {
        try {
            LocalDate d = LocalDate.parse(token);
            if (d.isBefore(LocalDate.ofInstant(batch.start(), ZoneOffset.UTC)) || !d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(batch.end())) {
                throw new VendorProtocolException("grouped-daily date " + d + " is outside " + batch + ": refused");
            }
            return d;
        } catch (DateTimeParseException e) {
            throw new VendorProtocolException("grouped-daily page token '" + Text.abbreviate(token, 40) + "' of " + batch + " is not a date: refused");
        }
    }

    private static LocalDate from(SymbolBatch batch, LocalDate candidate) {
        FeedPlan plan = batch.window().job().plan();
        for (LocalDate d = candidate; d.atStartOfDay(ZoneOffset.UTC).toInstant().isBefore(batch.end()); d = d.plusDays(1)) {
            if (plan.askClosedDays() || BatchPacking.isSessionDate(plan, d)) {
                return d;
            }
        }
        return null;
    }

}
