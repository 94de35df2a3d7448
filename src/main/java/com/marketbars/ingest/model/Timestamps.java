package com.marketbars.ingest.model;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** RFC-3339 timestamps, with a fast path for the form vendors send on every bar: {@code 2026-11-24T14:30:00Z}. */
public final class Timestamps {
    private Timestamps() {
    }

    /** @throws DateTimeParseException when the text is not an RFC-3339 timestamp */
    public static Instant parse(String t) {
        if (t.length() == 20 && t.charAt(4) == '-' && t.charAt(7) == '-' && t.charAt(10) == 'T' && t.charAt(13) == ':'
                && t.charAt(16) == ':' && t.charAt(19) == 'Z') {
            int year = digits(t, 0, 4);
            int month = digits(t, 5, 2);
            int day = digits(t, 8, 2);
            int hour = digits(t, 11, 2);
            int minute = digits(t, 14, 2);
            int second = digits(t, 17, 2);
            if (year >= 0 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hour >= 0 && hour <= 23
                    && minute >= 0 && minute <= 59 && second >= 0 && second <= 59) {
                try {
                    long days = java.time.LocalDate.of(year, month, day).toEpochDay();
                    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
                } catch (java.time.DateTimeException invalidDate) {
                    throw new DateTimeParseException(invalidDate.getMessage(), t, 0);
                }
            }
        }
        return OffsetDateTime.parse(t).toInstant();
    }

    /**
     * {@code t.toString()}, without the general formatter for a whole second of years 0-9999 (every bar's): it was a
     * few per cent of the page write, and a tenth of the simulator's CPU.
     */
    public static String text(Instant t) {
        long seconds = t.getEpochSecond();
        if (t.getNano() != 0 || seconds < -62_167_219_200L || seconds >= 253_402_300_800L) {
            return t.toString();
        }
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400));
        int second = (int) Math.floorMod(seconds, 86_400);
        char[] c = {'0', '0', '0', '0', '-', '0', '0', '-', '0', '0', 'T', '0', '0', ':', '0', '0', ':', '0', '0', 'Z'};
        put(c, 0, date.getYear(), 4);
        put(c, 5, date.getMonthValue(), 2);
        put(c, 8, date.getDayOfMonth(), 2);
        put(c, 11, second / 3_600, 2);
        put(c, 14, second / 60 % 60, 2);
        put(c, 17, second % 60, 2);
        return new String(c);
    }

    private static void put(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** The value of {@code len} ASCII digits at {@code from}, or -1 if any is not a digit. */
    private static int digits(String s, int from, int len) {
        int v = 0;
        for (int i = from; i < from + len; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
