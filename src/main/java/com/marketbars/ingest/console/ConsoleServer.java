package com.marketbars.ingest.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.apache.camel.CamelContext;
import org.apache.camel.component.platform.http.main.ManagementHttpServer;
import org.apache.camel.component.platform.http.vertx.VertxPlatformHttpRouter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.function.Function;

/**
 * Serves the console on the management HTTP server (the port of {@code /observe/health}, {@code /observe/metrics}
 * and {@code /observe/jolokia}): the page's files from the jar under {@code /console/}, the JSON API under
 * {@code /api/}. The routes go on the server's own Vert.x router, as Camel mounts its health and Jolokia endpoints:
 * no second server and no second port. {@link RequestGuard} checks every request on the port first.
 */
public final class ConsoleServer {
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleServer.class);
    /** The page's files, in the jar: no build step, nothing fetched from the internet. */
    private static final Map<String, String> ASSETS = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.js", "text/javascript; charset=utf-8",
            "console.css", "text/css; charset=utf-8");
    static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    private ConsoleServer() {
    }

    /**
     * Mounts the console once Camel has started its management server; does nothing when that is disabled. A token made
     * for this run is printed once, in the console's URL, on stdout: not through the log, so that no log file, shipper
     * or {@code LOG_LEVEL} setting ever holds it.
     */
    public static void mountWhenStarted(CamelContext context, ConsoleApi api, ConsoleAccess access) throws Exception {
        context.addStartupListener((ctx, alreadyStarted) -> {
            ManagementHttpServer server = ctx.hasService(ManagementHttpServer.class);
            if (server == null || server.getRouter() == null) {
                return;
            }
            mount(server.getRouter(), api, access, server.getJolokiaPath(), server.getHealthPath());
            String url = ConsoleAccess.consoleUrl(server.getHost(), server.getPort());
            if (access.tokenGenerated()) {
                LOG.info("Console at {} (token made for this run: the URL with it is printed on stdout, once)", url);
                System.out.println("Console: " + access.consoleUrlWithToken(server.getHost(), server.getPort()));
                System.out.flush();
            } else {
                LOG.info("Console at {} (token: {})", url, ConsoleAccess.TOKEN_ENV);
            }
        });
    }

    static void mount(VertxPlatformHttpRouter router, ConsoleApi api, ConsoleAccess access, String jolokiaPath, String healthPath) {
        // first of all routes on the port: Host, Origin, method, content type and token are checked before any work
        router.route().order(Integer.MIN_VALUE).handler(new RequestGuard(access, jolokiaPath, healthPath));
        router.get("/").handler(ctx -> ctx.redirect("/console/"));
        router.get("/console*").handler(ConsoleServer::asset);

        get(router, "/api/feeds", ctx -> api.feeds());
        get(router, "/api/accounts", ctx -> api.accounts());
        get(router, "/api/universes", ctx -> api.universes());
        get(router, "/api/backfills", ctx -> api.backfills());
        get(router, "/api/dlq", ctx -> api.deadLetters(param(ctx, "feed"), "true".equals(param(ctx, "parked"))));
        get(router, "/api/coverage", ctx -> api.coverage(param(ctx, "feed"), param(ctx, "from"), param(ctx, "to"),
                param(ctx, "q"), param(ctx, "offset"), param(ctx, "limit")));
        get(router, "/api/coverage/overview", ctx -> api.coverageOverview(param(ctx, "feed"), param(ctx, "from"), param(ctx, "to")));
        get(router, "/api/coverage/day", ctx -> api.coverageDay(param(ctx, "feed"), param(ctx, "day"), param(ctx, "offset"), param(ctx, "limit")));
        get(router, "/api/coverage/symbol", ctx -> api.coverageSymbol(param(ctx, "feed"), param(ctx, "symbol"), param(ctx, "from"), param(ctx, "to")));
        get(router, "/api/coverage/search", ctx -> api.coverageSearch(param(ctx, "feed"), param(ctx, "q")));
        get(router, "/api/gaps", ctx -> api.gaps(param(ctx, "feed"), param(ctx, "symbol"), param(ctx, "day")));
        post(router, "/api/dlq/:id/retry", ctx -> api.retry(param(ctx, "feed"), id(ctx)));
        post(router, "/api/dlq/:id/discard", ctx -> api.discard(param(ctx, "feed"), id(ctx), bodyField(ctx, "reason")));
        router.route("/api/*").order(Integer.MAX_VALUE - 1).handler(ctx ->
                send(ctx, 404, Map.of("error", "no such API: " + ctx.request().method() + " " + ctx.normalizedPath())));
    }

    private static void get(Router router, String path, Function<RoutingContext, Object> answer) {
        router.route(HttpMethod.GET, path).blockingHandler(answering(answer), false);
    }

    private static void post(VertxPlatformHttpRouter router, String path, Function<RoutingContext, Object> answer) {
        router.route(HttpMethod.POST, path).handler(router.bodyHandler()).blockingHandler(answering(answer), false);
        // an action by GET (a link, an <img>) is refused as such, not answered 404 as if the action did not exist
        router.route(path).handler(ctx -> {
            ctx.response().putHeader("Allow", "POST");
            send(ctx, 405, Map.of("error", ctx.request().method() + " " + ctx.normalizedPath() + ": actions only by POST"));
        });
    }

    private static Handler<RoutingContext> answering(Function<RoutingContext, Object> answer) {
        return ctx -> {
            try {
                send(ctx, 200, answer.apply(ctx));
            } catch (ApiException e) {
                send(ctx, e.status(), Map.of("error", e.getMessage()));
            } catch (RuntimeException e) {
                LOG.warn("console API {} failed", ctx.normalizedPath(), e);
                send(ctx, 500, Map.of("error", e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        };
    }

    static void send(RoutingContext ctx, int status, Object body) {
        String json;
        try {
            json = JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store").end(json);
    }

    private static void asset(RoutingContext ctx) {
        String path = ctx.request().path();
        if (!path.startsWith("/console/")) {
            ctx.redirect("/console/");
            return;
        }
        String name = path.substring("/console/".length());
        if (name.isEmpty()) {
            name = "index.html";
        }
        String type = ASSETS.get(name);
        if (type == null) {
            ctx.response().setStatusCode(404).end();
            return;
        }
        try (InputStream in = ConsoleServer.class.getResourceAsStream("/console/" + name)) {
            if (in == null) {
                ctx.response().setStatusCode(404).end();
                return;
            }
            ctx.response().putHeader("Content-Type", type).end(io.vertx.core.buffer.Buffer.buffer(in.readAllBytes()));
        } catch (IOException e) {
            ctx.fail(e);
        }
    }

    private static String param(RoutingContext ctx, String name) {
        String v = ctx.request().getParam(name);
        return v == null || v.isBlank() ? null : v.strip();
    }

    private static long id(RoutingContext ctx) {
        String v = ctx.pathParam("id");
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("id: '" + v + "' is not a DLQ row id");
        }
    }

    private static String bodyField(RoutingContext ctx, String field) {
        String body = ctx.body() == null ? null : ctx.body().asString();
        if (body == null || body.isBlank()) {
            return null;
        }
        try {
            JsonNode n = JSON.readTree(body).get(field);
            return n == null || n.isNull() ? null : n.asText();
        } catch (IOException e) {
            throw ApiException.badRequest("body: not JSON such as {\"" + field + "\": \"...\"}");
        }
    }
}
