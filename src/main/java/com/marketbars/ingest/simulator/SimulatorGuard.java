package com.marketbars.ingest.simulator;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * What the simulator's port refuses before any work, as the management port does (console/RequestGuard): it listens
 * on loopback only, so a request whose {@code Host} is not a loopback name is a page of another site whose name was
 * rebound to 127.0.0.1 (421), and any {@code Origin} is another site's page - the simulator has none of its own (403).
 * Embedded in the ingest ({@code ingest.vendor.url=embedded}), its admin endpoints {@code /sim/...} also need the
 * console's token, and a POST to them a JSON content type, which no cross-site form can send. Run alone
 * ({@code simulate}, the specs, the benchmarks) they stay open to this machine's scripts.
 */
final class SimulatorGuard {
    private static final Set<String> LOOPBACK_NAMES = Set.of("127.0.0.1", "localhost", "[::1]");
    private static final Pattern PORT_SUFFIX = Pattern.compile(":\\d{1,5}$");

    /** Null when run alone; embedded, whether an Authorization header's value carries the console's token. */
    private final Predicate<String> adminAuthorization;

    SimulatorGuard(Predicate<String> adminAuthorization) {
        this.adminAuthorization = adminAuthorization;
    }

    /** True when the request was refused, and answered so. */
    boolean refused(HttpExchange ex, boolean admin) throws IOException {
        if (!isLoopbackName(ex.getRequestHeaders().getFirst("Host"))) {
            refuse(ex, 421, "this port answers to 127.0.0.1 and localhost only");
            return true;
        }
        if (ex.getRequestHeaders().getFirst("Origin") != null) {
            refuse(ex, 403, "requests from web pages are refused");
            return true;
        }
        if (!admin || adminAuthorization == null) {
            return false;
        }
        if ("POST".equals(ex.getRequestMethod()) && !isJson(ex.getRequestHeaders().getFirst("Content-Type"))) {
            refuse(ex, 415, "a POST must be JSON (Content-Type: application/json)");
            return true;
        }
        if (!adminAuthorization.test(ex.getRequestHeaders().getFirst("Authorization"))) {
            ex.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"market-bars-ingest\"");
            refuse(ex, 401, "the embedded simulator's admin endpoints ask for the console's token (Authorization: Bearer ...)");
            return true;
        }
        return false;
    }

    static boolean isLoopbackName(String host) {
        if (host == null) {
            return false;
        }
        return LOOPBACK_NAMES.contains(PORT_SUFFIX.matcher(host.strip().toLowerCase(Locale.ROOT)).replaceFirst(""));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.equals("application/json") || type.equals("text/json");
    }

    /** Answered without counting: a refused request is no request to the vendor, and its stats stay the vendor's. */
    private static void refuse(HttpExchange ex, int status, String message) throws IOException {
        byte[] body = ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }
}
