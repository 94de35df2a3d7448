package com.marketbars.ingest.errors;

/** A database operation failed; the message says which, the cause says why, the location (when known) where. */
public class StoreException extends RuntimeException {
    private final String location;

    public StoreException(String message, Throwable cause) {
        this(message, cause, null);
    }

    public StoreException(String message, Throwable cause, String location) {
        super(message, cause);
        this.location = location;
    }

    /** The database's file or server (see {@link Database#location(String)}), or null. */
    public String location() {
        return location;
    }

    /** The location of the first StoreException in the chain that knows it, or null. */
    public static String locationIn(Throwable t) {
        for (Throwable c = t; c != null && c.getCause() != c; c = c.getCause()) {
            if (c instanceof StoreException s && s.location != null) {
                return s.location;
            }
        }
        return null;
    }
}
