package com.marketbars.ingest.feeds;

import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.model.Provider;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.model.TemplatedRouteDefinition;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The routes each feed gets from the route templates of {@code routes/}: its triggers (feed-schedule and
 * feed-due in ingest.camel.yaml) and its page route, made from its provider's template (provider-*.camel.yaml) with the
 * feed's settings. Bound in the registry, it is one of the route builders camel-main adds; camel-main makes templated
 * routes after every builder's routes and templates are in (the YAML ones too), so the deployment's feeds, which are
 * settings, become routes before Camel starts - and a route spec can advise them - without a line of route code here.
 */
public final class FeedRoutes extends RouteBuilder {
    private final Map<String, Map<String, Object>> routes = new LinkedHashMap<>();

    public FeedRoutes(List<FeedSettings> feeds, Map<String, String> baseUrls) {
        for (FeedSettings f : feeds) {
            String feed = f.name();
            add("ingest-schedule-" + feed, "feed-schedule", Map.of("feed", feed, "schedule", f.schedule()));
            add(Feed.dueRouteId(feed), "feed-due", Map.of("feed", feed));
            add(Feed.pageRouteId(feed), f.provider().template(), pageParameters(f, baseUrls.get(feed)));
            if (f.universeFromVendor()) {
                addUniverseRoutes(f, baseUrls.get(feed));
            }
        }
    }

    /**
     * A vendor universe's routes (routes/universe.camel.yaml): its refresh at start and on its cron, and its page of the
     * vendor's list, on the listing's base URL (the simulator's when the feed's vendor is embedded).
     */
    private void addUniverseRoutes(FeedSettings f, String embeddedOrBaseUrl) {
        String feed = f.name();
        String url = f.embeddedVendor() ? embeddedOrBaseUrl : f.vendorUniverse().url();
        add("universe-at-start-" + feed, "universe-at-start", Map.of("feed", feed));
        add("universe-schedule-" + feed, "universe-schedule", Map.of("feed", feed, "schedule", f.vendorUniverse().refresh()));
        add("universe-page-" + feed, "universe-page", Map.of("feed", feed, "url", url,
                "httpClient", f.provider() == Provider.MASSIVE_STOCKS ? "massiveUniverseHttpClient" : "alpacaUniverseHttpClient",
                "accountQuota", Feed.quotaBeanName(f.account())));
    }

    private static Map<String, Object> pageParameters(FeedSettings f, String baseUrl) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("feed", f.name());
        p.put("url", baseUrl);
        p.put("path", f.provider().path());
        p.put("circuitBreaker", Feed.circuitBeanName(f.name()));
        p.put("accountQuota", Feed.quotaBeanName(f.account()));
        if (f.provider() == Provider.ALPACA_STOCKS) {
            p.put("dataFeed", f.alpacaDataFeed());
        } else if (f.provider() == Provider.ALPACA_CRYPTO) {
            p.put("dataFeed", "");
        } else if (f.provider() == Provider.MASSIVE_STOCKS) {
            p.put("request", Feed.requestBeanName(f.name()));
        }
        return p;
    }

    private void add(String routeId, String templateId, Map<String, Object> parameters) {
        Map<String, Object> p = new LinkedHashMap<>(parameters);
        p.put(TEMPLATE_ID, templateId);
        routes.put(routeId, Collections.unmodifiableMap(p));
    }

    @Override
    public void configure() {
        routes.forEach((routeId, parameters) -> {
            // the steps of a template have the same ids in every feed's route: prefixed with the feed ("FEED:vendor-http")
            TemplatedRouteDefinition route = templatedRoute((String) parameters.get(TEMPLATE_ID)).routeId(routeId)
                    .prefixId(parameters.get("feed") + ":");
            parameters.forEach((k, v) -> {
                if (!k.equals(TEMPLATE_ID)) {
                    route.parameter(k, String.valueOf(v));
                }
            });
        });
    }

    private static final String TEMPLATE_ID = "templateId";
}
