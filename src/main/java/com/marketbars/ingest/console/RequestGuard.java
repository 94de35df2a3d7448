package com.marketbars.ingest.console;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;

import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The first handler of every request on the management port - the console, its API, Jolokia, health and metrics -
 * before any of them does any work. In this order:
 * <ol>
 *   <li>{@code Host} must be a name of the port ({@link ConsoleAccess#admitsHost}), else 421: DNS rebinding;</li>
 *   <li>an {@code Origin}, when sent, must be the port's own ({@code http(s)://} + the Host), else 403: another site's
 *       page in the operator's browser (browsers send Origin on every cross-site POST, and on preflights);</li>
 *   <li>only GET, HEAD and POST, else 405;</li>
 *   <li>a POST must have a JSON content type, else 415: an HTML form or a "simple" cross-site fetch cannot send one
 *       without a preflight, which this port never grants;</li>
 *   <li>the token, else 401 - except for the page's own files (they hold no data) and, bound to loopback, the
 *       liveness and readiness probes;</li>
 *   <li>Jolokia by GET only to read, list, search and ask its version, else 405: exec and write need a POST.</li>
 * </ol>
 */
final class RequestGuard implements Handler<RoutingContext> {
    private static final Set<HttpMethod> METHODS = Set.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST);
    private static final Set<String> JSON_TYPES = Set.of("application/json", "text/json");
    /** Jolokia's request types that change nothing; exec and write are not among them. */
    private static final Set<String> JOLOKIA_GET_TYPES = Set.of("read", "list", "search", "version");

    private final ConsoleAccess access;
    private final String jolokiaPath;
    private final Set<String> openProbes;

    /**
     * @param jolokiaPath Camel's {@code camel.management.jolokiaPath} ({@code /observe/jolokia})
     * @param healthPath  Camel's {@code camel.management.healthPath} ({@code /observe/health})
     */
    RequestGuard(ConsoleAccess access, String jolokiaPath, String healthPath) {
        this.access = access;
        this.jolokiaPath = stripSlash(jolokiaPath);
        // what a load balancer or a service manager on this machine probes, without a secret: up or down and the
        // checks' names. Only on loopback; bound beyond it, a probe sends the token like any other client
        this.openProbes = access.loopbackOnly()
                ? Set.of(stripSlash(healthPath) + "/live", stripSlash(healthPath) + "/ready") : Set.of();
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        String host = authority(req);
        if (!access.admitsHost(host)) {
            ConsoleServer.send(ctx, 421, Map.of("error", "Host '" + host + "' is not a name of this port: add it to "
                    + ConsoleAccess.ALLOWED_HOSTS_KEY + " if it is yours"));
            return;
        }
        String origin = req.getHeader(HttpHeaders.ORIGIN);
        if (origin != null && !sameOrigin(origin, host)) {
            ConsoleServer.send(ctx, 403, Map.of("error", "requests from the pages of another site (Origin " + origin + ") are refused"));
            return;
        }
        if (!METHODS.contains(req.method())) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "GET, HEAD, POST");
            ConsoleServer.send(ctx, 405, Map.of("error", "method " + req.method() + " is not served on this port"));
            return;
        }
        if (req.method() == HttpMethod.POST && !isJson(req.getHeader(HttpHeaders.CONTENT_TYPE))) {
            ConsoleServer.send(ctx, 415, Map.of("error", "a POST must be JSON (Content-Type: application/json)"));
            return;
        }
        String path = ctx.normalizedPath();
        if (!isPublic(path, req.method()) && !access.admits(req.getHeader(HttpHeaders.AUTHORIZATION))) {
            ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"market-bars-ingest\"");
            ConsoleServer.send(ctx, 401, Map.of("error", "this port asks for the console's token (Authorization: Bearer ...): "
                    + (access.tokenGenerated() ? "the one in the URL printed at start" : "the value of " + ConsoleAccess.TOKEN_ENV)));
            return;
        }
        if (req.method() != HttpMethod.POST && isJolokia(path) && !JOLOKIA_GET_TYPES.contains(jolokiaType(path, req.getParam("p")))) {
            ctx.response().putHeader(HttpHeaders.ALLOW, "POST");
            ConsoleServer.send(ctx, 405, Map.of("error", "Jolokia's exec and write only by POST with a JSON body"));
            return;
        }
        ctx.next();
    }

    /**
     * The name and port the request was sent to: its Host header, or HTTP/2's {@code :authority} (Java's HttpClient
     * upgrades to HTTP/2, where there is no Host header); null when it has none or Vert.x could not parse it.
     */
    private static String authority(HttpServerRequest req) {
        HostAndPort a = req.authority();
        if (a == null || a.host() == null) {
            return null;
        }
        String host = a.host().indexOf(':') >= 0 && !a.host().startsWith("[") ? "[" + a.host() + "]" : a.host();
        return a.port() >= 0 ? host + ":" + a.port() : host;
    }

    private boolean isPublic(String path, HttpMethod method) {
        return path.equals("/") || path.equals("/console") || path.startsWith("/console/")
                || method != HttpMethod.POST && openProbes.contains(stripSlash(path));
    }

    private boolean isJolokia(String path) {
        return path.equals(jolokiaPath) || path.startsWith(jolokiaPath + "/");
    }

    /** The type of a Jolokia GET: the first segment of its path, or of its {@code p} parameter; {@code version} for none. */
    private String jolokiaType(String path, String pParameter) {
        String rest = path.substring(jolokiaPath.length());
        String type = firstSegment(rest);
        if (type.isEmpty() && pParameter != null) {
            type = firstSegment(pParameter);
        } else if (pParameter != null) {
            return "";   // a path and a p parameter both: not something a client of ours sends
        }
        return type.isEmpty() ? "version" : type.toLowerCase(Locale.ROOT);
    }

    private static String firstSegment(String path) {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        int slash = p.indexOf('/');
        return slash < 0 ? p : p.substring(0, slash);
    }

    static boolean sameOrigin(String origin, String host) {
        String o = origin.strip().toLowerCase(Locale.ROOT);
        String h = host.strip().toLowerCase(Locale.ROOT);
        return o.equals("http://" + h) || o.equals("https://" + h);
    }

    static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
        return JSON_TYPES.contains(type);
    }

    private static String stripSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
