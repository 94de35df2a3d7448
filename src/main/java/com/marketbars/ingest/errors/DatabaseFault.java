package com.marketbars.ingest.errors;

import com.marketbars.ingest.model.Text;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;

/**
 * What a database failure means, read off the driver's codes (SQLite result codes, PostgreSQL SQLSTATEs): either the
 * database is unavailable for a while and the work is tried again ({@link #UNAVAILABLE}), or it failed in a way that
 * trying again cannot cure, and the command stops with one line naming the cause, what to do, and its exit code.
 * <p>
 * Every cause is read from the whole chain: a pool's "connection is not available" (transient) that wraps a refused
 * login (permanent) is a refused login.
 */
public enum DatabaseFault {
    UNAVAILABLE(true, 4, "database %s is unavailable (%s): run the same command again once it is back; nothing was lost"),
    DISK_FULL(false, 5, "database disk is full at %s (%s): free space and run the same command again; nothing was lost"),
    READ_ONLY(false, 6, "database %s is read-only (%s): make it writable (the file, its directory and its -wal/-shm files, "
            + "or the server's read-only setting) and run the same command again; nothing was lost"),
    ACCESS_DENIED(false, 6, "database %s refused access (%s): grant the user access (or fix the path in ingest.db.url) "
            + "and run the same command again; nothing was lost"),
    LOGIN_REFUSED(false, 7, "database %s refused the login (%s): check the user and password of ingest.db.url"),
    NO_SUCH_DATABASE(false, 7, "database %s does not exist (%s): create it (and the schema of currentSchema), or fix ingest.db.url"),
    DAMAGED(false, 8, "database %s is damaged (%s): restore it from a backup; check it with PRAGMA integrity_check"),
    FAILED(false, 8, "database %s failed (%s): see the log (LOG_LEVEL=DEBUG for the trace)");

    private final boolean transientFault;
    private final int exitCode;
    private final String sentence;

    DatabaseFault(boolean transientFault, int exitCode, String sentence) {
        this.transientFault = transientFault;
        this.exitCode = exitCode;
        this.sentence = sentence;
    }

    /** Gone for a while (lost connection, restart, failover, busy, serialization): the work is tried again. */
    public boolean isTransient() {
        return transientFault;
    }

    /** The exit code of a command that stops on it (see the README's exit codes). */
    public int exitCode() {
        return exitCode;
    }

    /** One line for the operator: the cause and what to do. */
    public String describe(String where, SQLException cause) {
        return String.format(sentence, where, cause == null ? "no detail" : quoted(cause));
    }

    /** The fault of the SQL failures in this chain, or null when there is none. */
    public static DatabaseFault of(Throwable t) {
        Diagnosis d = diagnose(t);
        return d == null ? null : d.fault();
    }

    /**
     * One line for the operator about a database failure anywhere in this chain: the cause, where, and what to do; null
     * when the chain holds no database failure.
     */
    public static String sentence(Throwable t) {
        Diagnosis d = diagnose(t);
        if (d == null) {
            return null;
        }
        String where = StoreException.locationIn(t);
        return d.describe(where == null ? "(ingest.db.url)" : where);
    }

    /** A fault and the driver's failure that says it. */
    public record Diagnosis(DatabaseFault fault, SQLException cause) {
        /** One line for the operator: the cause and what to do. */
        public String describe(String where) {
            return fault.describe(where, cause);
        }
    }

    /**
     * The fault of the SQL failures in this chain, and the failure that says it; null when there is none. A specific
     * permanent cause wins over "unavailable", which wins over an unknown failure; among equals, the innermost.
     */
    public static Diagnosis diagnose(Throwable t) {
        Diagnosis found = null;
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof SQLException sql) {
                DatabaseFault f = ofOne(sql);
                // on a tie the deeper failure wins: the driver's own words, not its wrapper's (a batch's "Batch entry 0 ...")
                if (found == null || rank(f) >= rank(found.fault())) {
                    found = new Diagnosis(f, sql);
                }
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return found;
    }

    private static int rank(DatabaseFault f) {
        return f == FAILED ? 0 : f == UNAVAILABLE ? 1 : 2;
    }

    private static DatabaseFault ofOne(SQLException e) {
        if (e instanceof SQLiteException s) {
            return sqlite(s.getResultCode().code & 0xff);
        }
        String state = e.getSQLState();
        if (state != null && state.length() == 5) {
            DatabaseFault f = sqlState(state);
            if (f != null) {
                return f;
            }
        }
        if (e instanceof SQLTransientException || e instanceof SQLRecoverableException) {
            return UNAVAILABLE;   // e.g. the pool's "connection is not available, request timed out"
        }
        return FAILED;
    }

    /** SQLite's primary result codes (https://sqlite.org/rescode.html). */
    private static DatabaseFault sqlite(int primary) {
        return switch (primary) {
            case 5, 6 -> UNAVAILABLE;          // SQLITE_BUSY (past busy_timeout), SQLITE_LOCKED
            case 13 -> DISK_FULL;              // SQLITE_FULL
            case 8 -> READ_ONLY;               // SQLITE_READONLY
            case 3, 14, 23 -> ACCESS_DENIED;   // SQLITE_PERM, SQLITE_CANTOPEN, SQLITE_AUTH
            case 11, 26 -> DAMAGED;            // SQLITE_CORRUPT, SQLITE_NOTADB
            default -> FAILED;
        };
    }

    /** PostgreSQL's SQLSTATE codes (https://www.postgresql.org/docs/current/errcodes-appendix.html). */
    private static DatabaseFault sqlState(String state) {
        if (state.startsWith("08")) {
            return UNAVAILABLE;                // connection exception: refused, lost, reset
        }
        if (state.startsWith("28")) {
            return LOGIN_REFUSED;              // invalid authorization specification, invalid password
        }
        return switch (state) {
            case "57P01", "57P02", "57P03", "57P05",   // admin shutdown (pg_terminate_backend, restart), crash, starting up
                 "40001", "40P01",                     // serialization failure, deadlock
                 "53300", "53200", "55P03", "55006",   // too many connections, out of memory, lock not available, in use
                 "58030" -> UNAVAILABLE;              // I/O error on the server
            case "53100" -> DISK_FULL;
            case "25006" -> READ_ONLY;                 // read-only transaction (a standby, default_transaction_read_only)
            case "42501" -> ACCESS_DENIED;             // insufficient privilege
            case "3D000", "3F000" -> NO_SUCH_DATABASE; // invalid catalog (database) name, invalid schema name
            case "XX001", "XX002" -> DAMAGED;          // data corrupted, index corrupted
            default -> null;
        };
    }

    private static String quoted(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return Text.oneLine(m, 200);
    }
}
