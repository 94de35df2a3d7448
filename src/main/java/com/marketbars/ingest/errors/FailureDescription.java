package com.marketbars.ingest.errors;

import org.apache.camel.CamelExchangeException;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.RuntimeCamelException;

/**
 * A failure in words an operator can act on: Camel's wrappers ("Exception occurred during execution on the
 * exchange: Exchange[...]") are skipped, down to the exception that says what went wrong, plus its root cause when
 * that is another one.
 */
public final class FailureDescription {
    private FailureDescription() {
    }

    public static String of(Throwable t) {
        Throwable meaningful = t;
        while (isWrapper(meaningful) && meaningful.getCause() != null) {
            meaningful = meaningful.getCause();
        }
        Throwable root = meaningful;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = meaningful.getMessage() == null ? meaningful.getClass().getSimpleName() : meaningful.getMessage();
        if (root != meaningful && !text.contains(String.valueOf(root.getMessage()))) {
            text += " (caused by " + name(root) + ")";
        }
        return text;
    }

    private static boolean isWrapper(Throwable t) {
        return t instanceof CamelExecutionException || t instanceof CamelExchangeException
                || t.getClass() == RuntimeCamelException.class;
    }

    private static String name(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
