package com.marketbars.ingest.pipeline;

import com.marketbars.ingest.settings.QualitySettings;
import com.marketbars.ingest.errors.VendorContractException;
import com.marketbars.ingest.model.QualityRule;
import com.marketbars.ingest.model.Rejection;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Tells a broken vendor contract from a few bad bars, page by page, before anything of the page is written. The quality
 * gate quarantines bad bars one by one; but when a vendor renames or retypes a field, every bar is refused, and
 * quarantining them one by one would checkpoint the window as complete with nothing stored. So a page whose refused
 * bars are at least {@code ingest.quality.storm.share} of its bars, and at least {@code ingest.quality.storm.min-bars}
 * of them, is a rejection storm: nothing of it is written (neither its bars nor its rejections), and the batch fails
 * with a {@link VendorContractException} naming the rules, the count and one example bar.
 * <p>
 * Judged per page because a page is what can be refused before it is written; the minimum count keeps a short page (the
 * last of a batch, a thin symbol's few bars) from being called a storm on two or three bad prints.
 */
public final class StormGuard {
    /**
     * A storm's message is at most this long, so that the DLQ reason (cut at 300 characters, after the exception's name)
     * keeps all of it: the example bar is cut to what room is left.
     */
    private static final int MAX_MESSAGE = 270;
    /** What is left of the example bar however many rules are named. */
    private static final int MIN_EXAMPLE = 60;
    /** Rules named in the message, most frequent first. */
    private static final int RULES_NAMED = 3;

    private final double share;
    private final int minBars;

    public StormGuard(QualitySettings settings) {
        this.share = settings.stormShare();
        this.minBars = settings.stormMinBars();
    }

    /** True when {@code rejected} of {@code received} bars is a storm rather than a few bad bars. */
    public boolean isStorm(int rejected, int received) {
        return rejected >= minBars && rejected >= share * received;
    }

    /** @throws VendorContractException when the page is a rejection storm; it must then not be written */
    public void check(BarPage page) {
        List<Rejection> rejected = page.rejected();
        if (isStorm(rejected.size(), page.received())) {
            throw new VendorContractException(describe(rejected, page.received()));
        }
    }

    /** One line: how many bars were refused, by which rules, and the first refused bar as the vendor sent it. */
    static String describe(List<Rejection> rejected, int received) {
        Map<QualityRule, Long> byRule = rejected.stream()
                .collect(Collectors.groupingBy(Rejection::rule, () -> new EnumMap<>(QualityRule.class), Collectors.counting()));
        String rules = byRule.entrySet().stream()
                .sorted(Map.Entry.<QualityRule, Long>comparingByValue().reversed())
                .limit(RULES_NAMED)
                .map(e -> e.getKey() + " " + e.getValue())
                .collect(Collectors.joining(", ", "", byRule.size() > RULES_NAMED ? ", ..." : ""));
        Rejection example = rejected.get(0);
        String head = "rejection storm: the quality gate refused " + rejected.size() + " of " + received + " bars of a page ("
                + rules + "), a broken vendor contract; e.g. " + example.symbol() + " " + example.rule() + " ";
        String raw = example.rawBar().replaceAll("\\s+", " ");
        int room = Math.max(MIN_EXAMPLE, MAX_MESSAGE - head.length());
        return head + (raw.length() <= room ? raw : raw.substring(0, room - 3) + "...");
    }
}
