package com.marketbars.ingest.model;

/**
 * How our messages quote what others wrote (a vendor's error, a driver's message, a page token): on one line, and cut
 * short, so that a log line, a DLQ row or a command's error stays readable whatever was quoted.
 */
public final class Text {
    private Text() {
    }

    /** {@code s} with every run of whitespace (newlines included) made one space, stripped. */
    public static String oneLine(String s) {
        return s.replaceAll("\\s+", " ").strip();
    }

    /** {@link #oneLine(String)}, cut to {@code max} characters and "..." when longer. */
    public static String oneLine(String s, int max) {
        return abbreviate(oneLine(s), max);
    }

    /** {@code s} cut to {@code max} characters and "..." when longer. */
    public static String abbreviate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max) + "...";
    }
}
