package com.marketbars.ingest.cli;

import com.marketbars.ingest.config.ConfigException;
import com.marketbars.ingest.errors.FailureDescription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.Callable;

/** Turns a failure into one clear line on stderr and a non-zero exit code, instead of a stack trace. */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    private Failures() {
    }

    static int exitCode(Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            ConfigException config = find(e, ConfigException.class);
            if (config != null) {
                System.err.println("Invalid configuration: " + config.getMessage());
                return 2;
            }
            System.err.println("Failed: " + FailureDescription.of(e));
            LOG.debug("The command failed", e);
            return 1;
        }
    }

    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }
}
