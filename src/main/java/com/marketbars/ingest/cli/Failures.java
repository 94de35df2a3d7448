package com.marketbars.ingest.cli;

import com.marketbars.ingest.model.Text;
import com.marketbars.ingest.settings.ConfigException;
import com.marketbars.ingest.errors.FailureDescription;
import com.marketbars.ingest.errors.FailureKind;
import com.marketbars.ingest.errors.DatabaseFault;
import com.marketbars.ingest.errors.DatabaseUnavailableException;
import com.marketbars.ingest.errors.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.util.concurrent.Callable;

/**
 * Turns a failure into one readable line on stderr and an exit code, instead of a stack trace (which goes to DEBUG).
 * The exit codes, as the README's table says: 0 done and complete; 1 failed (the range is not complete: run the same
 * command again); 2 invalid configuration; 3 done except batches left in the DLQ; 4 the database stayed unavailable
 * past {@code ingest.db.max-outage}; 5-8 a permanent database failure, by cause ({@link DatabaseFault#exitCode()});
 * 9 {@code gaps}: bars are missing in the period.
 */
final class Failures {
    private static final Logger LOG = LoggerFactory.getLogger(Failures.class);

    static final int FAILED = 1;
    static final int INVALID_CONFIGURATION = 2;
    static final int DONE_EXCEPT_DLQ = 3;
    /** {@code gaps}: bars are missing in the period (after {@code --refetch}: still missing). */
    static final int GAPS_REMAIN = 9;

    private Failures() {
    }

    static int exitCode(Callable<Integer> body) {
        try {
            return body.call();
        } catch (Exception e) {
            ConfigException config = find(e, ConfigException.class);
            if (config != null) {
                System.err.println(Text.oneLine("Invalid configuration: " + config.getMessage()));
                return INVALID_CONFIGURATION;
            }
            LOG.debug("The command failed", e);
            if (FailureKind.of(e).database()) {
                return databaseFailure(e);
            }
            System.err.println(Text.oneLine("Failed: " + FailureDescription.of(e)));
            return FAILED;
        }
    }

    private static int databaseFailure(Exception e) {
        DatabaseUnavailableException gaveUp = find(e, DatabaseUnavailableException.class);
        DatabaseFault.Diagnosis d = DatabaseFault.diagnose(e);
        if (gaveUp != null || d == null) {
            String where = StoreException.locationIn(e);
            SQLException cause = d == null ? null : d.cause();
            System.err.println(Text.oneLine("Failed: database " + (where == null ? "(ingest.db.url)" : where) + " "
                    + (gaveUp == null ? "unavailable" : gaveUp.getMessage())
                    + (cause == null ? "" : " (" + cause.getMessage() + ")")
                    + ": run the same command again once it is back; nothing was lost"));
            return DatabaseFault.UNAVAILABLE.exitCode();
        }
        System.err.println(Text.oneLine("Failed: " + DatabaseFault.sentence(e)));
        return d.fault().exitCode();
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
