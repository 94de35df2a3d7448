package com.marketbars.ingest.console;

import com.marketbars.ingest.config.ConfigException;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may use the console and the management port. Bound to the loopback interface (the default,
 * {@code camel.management.host=127.0.0.1}) only this machine reaches it; bound elsewhere, every request but the
 * page's own files must carry {@code Authorization: Bearer} with the token of {@link #TOKEN_ENV} - and without that
 * variable the process refuses to start. A token set on loopback is required too.
 */
public final class ConsoleAccess {
    public static final String TOKEN_ENV = "INGEST_CONSOLE_TOKEN";
    /** Shorter tokens are refused at start: they can be guessed. */
    static final int MIN_TOKEN_LENGTH = 16;

    private final byte[] token;

    private ConsoleAccess(String token) {
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
    }

    /** @throws ConfigException naming the key or variable when the binding needs a token it does not have */
    public static ConsoleAccess of(String host, String token) {
        if (token != null && !token.isEmpty() && token.length() < MIN_TOKEN_LENGTH) {
            throw new ConfigException(TOKEN_ENV, "is " + token.length() + " characters; give at least " + MIN_TOKEN_LENGTH);
        }
        boolean hasToken = token != null && !token.isEmpty();
        if (!hasToken && !isLoopback(host)) {
            throw new ConfigException("camel.management.host", host + " is reachable from other machines: set "
                    + TOKEN_ENV + " (at least " + MIN_TOKEN_LENGTH + " characters) so the console, its API and Jolokia ask for it");
        }
        return new ConsoleAccess(hasToken ? token : null);
    }

    public boolean requiresToken() {
        return token != null;
    }

    /** True when {@code authorization} (the header's value, may be null) carries the token, or none is required. */
    public boolean admits(String authorization) {
        if (token == null) {
            return true;
        }
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).trim().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);   // constant time: the comparison does not tell how much matched
    }

    static boolean isLoopback(String host) {
        if (host == null || host.isBlank()) {
            return false;   // Vert.x binds every interface for an empty host
        }
        try {
            return InetAddress.getByName(host).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
