package com.marketbars.ingest.support;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The windows a daemon logged as checkpointed (WindowCompletion's "window source=FEED [start, end) ..." line). */
public final class WindowLines {
    private WindowLines() {
    }

    /** The end of each window of this feed the log text says was checkpointed, in the order logged. */
    public static List<Instant> ends(String log, String feed) {
        Matcher window = Pattern.compile("window source=" + Pattern.quote(feed) + " \\[[^,]+, ([^)]+)\\)").matcher(log);
        List<Instant> out = new ArrayList<>();
        while (window.find()) {
            out.add(Instant.parse(window.group(1)));
        }
        return out;
    }
}
