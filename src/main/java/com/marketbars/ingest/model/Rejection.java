package com.marketbars.ingest.model;


/** A bar that failed a rule: the raw bar as the vendor sent it, never altered, and why it was refused. */
public record Rejection(String symbol, String ts, String rawBar, QualityRule rule, String detail) {
}
