package com.marketbars.ingest.model;

import com.marketbars.ingest.app.IngestConfiguration;

/**
 * A deliberate back-import, for {@code PackageRulesTest} only: a type in the core that reaches up to the wiring. It
 * lives among the specs' classes, which the package rules do not hold, so the product's own check stays green.
 */
public final class ModelTypeThatReachesUp {
    public static Class<?> wiring() {
        return IngestConfiguration.class;
    }
}
