package com.marketbars.ingest.console;

/** A request the console's API refuses, with the HTTP status and a sentence for the page; nothing was changed. */
public final class ApiException extends RuntimeException {
    private final int status;

    private ApiException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** 400: a parameter is missing or bad; the message names it. */
    public static ApiException badRequest(String message) {
        return new ApiException(400, message);
    }

    /** 404: what the request names does not exist. */
    public static ApiException notFound(String message) {
        return new ApiException(404, message);
    }

    public int status() {
        return status;
    }
}
