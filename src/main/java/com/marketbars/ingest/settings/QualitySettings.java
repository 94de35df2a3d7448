package com.marketbars.ingest.settings;

import java.util.function.Function;

/**
 * The rejection-storm guard of the quality gate ({@code ingest.quality.storm.*}): a page whose refused bars are at
 * least {@code stormShare} of its bars, and at least {@code stormMinBars} of them, is a broken vendor contract rather
 * than a few bad bars (see {@code pipeline/StormGuard}).
 */
public record QualitySettings(double stormShare, int stormMinBars) {

    static QualitySettings from(Function<String, String> props) {
        String shareKey = "ingest.quality.storm.share";
        double share = IngestSettings.doubleIn(props, shareKey, 0.0, 1.0);
        if (share == 0.0) {
            // zero would call every page with one refused bar a storm: min-bars is the knob for sensitivity
            throw new ConfigException(shareKey, "0 is out of range (0, 1]: a share of 0 would make one refused bar a storm");
        }
        return new QualitySettings(share, IngestSettings.intIn(props, "ingest.quality.storm.min-bars", 1, 1_000_000));
    }
}
