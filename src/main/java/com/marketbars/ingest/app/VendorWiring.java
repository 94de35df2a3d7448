package com.marketbars.ingest.app;

import com.marketbars.ingest.console.ConsoleAccess;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.providers.ResponseSizeLimit;
import com.marketbars.ingest.providers.VendorJson;
import com.marketbars.ingest.providers.alpaca.AlpacaBarsMapper;
import com.marketbars.ingest.providers.alpaca.AlpacaCredentials;
import com.marketbars.ingest.providers.alpaca.AlpacaRequest;
import com.marketbars.ingest.providers.massive.MassiveAggsMapper;
import com.marketbars.ingest.providers.massive.MassiveCredentials;
import com.marketbars.ingest.providers.massive.MassiveRequest;
import com.marketbars.ingest.settings.FeedSettings;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorSimulator;
import org.apache.camel.component.http.HttpClientConfigurer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The vendors: each feed's base URL (the embedded simulator's when {@code ingest.vendor.url=embedded}), the keys, and
 * the beans of each vendor's route template (request, HTTP client, mapper). The only place that names a vendor's
 * protocol classes (PackageRulesTest).
 */
final class VendorWiring {
    private static final Logger LOG = LoggerFactory.getLogger(VendorWiring.class);
    /** The longest answer of an asset list: 64 MiB, some ten times Alpaca's list of every active US equity. */
    private static final long UNIVERSE_LIST_BYTES = 64L << 20;

    /** The vendors as the feeds reach them. */
    record Vendors(Map<String, String> baseUrls, AlpacaCredentials alpaca, MassiveCredentials massive) {
        /** Which variables hold a feed's keys, for the message when they are refused. */
        String keysOf(FeedSettings f) {
            return f.provider() == Provider.MASSIVE_STOCKS ? MassiveCredentials.KEY_ENV
                    : AlpacaCredentials.KEY_ID_ENV + " and " + AlpacaCredentials.SECRET_ENV;
        }
    }

    private VendorWiring() {
    }

    /** @param consoleAccess the management port's access, or null when it is off */
    static Vendors wire(Wiring w, ConsoleAccess consoleAccess) throws Exception {
        AlpacaCredentials alpaca = AlpacaCredentials.fromEnvironment(w.environment);
        MassiveCredentials massive = MassiveCredentials.fromEnvironment(w.environment);
        String simulatorUrl = w.settings.embeddedVendor() ? embeddedSimulator(w, consoleAccess) : null;
        Map<String, String> baseUrls = new LinkedHashMap<>();
        for (FeedSettings f : w.settings.feeds()) {
            baseUrls.put(f.name(), f.embeddedVendor() ? simulatorUrl : f.vendorUrl());
            warnOfMissingKeys(f, alpaca, massive);
            if (f.provider() == Provider.MASSIVE_STOCKS) {
                w.bind(Feed.requestBeanName(f.name()), new MassiveRequest(f.plan().timeframe(), f.plan().pageLimit()));
            }
        }
        w.bind(VendorJson.BEAN, VendorJson.create());
        w.bind("AlpacaRequest", new AlpacaRequest());
        w.bind("AlpacaCredentials", alpaca);
        w.bind("alpacaHttpClient", httpClient(alpaca, ResponseSizeLimit.forPageLimit(Provider.ALPACA_STOCKS.maxPageLimit())));
        w.bind("AlpacaBarsMapper", new AlpacaBarsMapper());
        w.bind("massiveHttpClient", httpClient(massive, ResponseSizeLimit.forPageLimit(Provider.MASSIVE_STOCKS.maxPageLimit())));
        w.bind("MassiveAggsMapper", new MassiveAggsMapper());
        // the asset lists' clients carry the same keys, with a limit fit for a whole list (Alpaca sends every asset in
        // one answer: about 11,000 US equities, some 400 bytes each)
        ResponseSizeLimit listLimit = new ResponseSizeLimit(UNIVERSE_LIST_BYTES);
        w.bind("alpacaUniverseHttpClient", httpClient(alpaca, listLimit));
        w.bind("massiveUniverseHttpClient", httpClient(massive, listLimit));
        return new Vendors(baseUrls, alpaca, massive);
    }

    /**
     * Its control endpoints ask for the console's token; with the management port off, for INGEST_CONSOLE_TOKEN's (none
     * set: a token made for nobody, so they are shut).
     */
    private static String embeddedSimulator(Wiring w, ConsoleAccess consoleAccess) throws Exception {
        ConsoleAccess admin = consoleAccess != null ? consoleAccess
                : ConsoleAccess.of("127.0.0.1", w.environment.get(ConsoleAccess.TOKEN_ENV), null);
        VendorSimulator simulator = w.open(VendorSimulator.startEmbedded(new SimulatorSettings(), admin::admits));
        LOG.info("ingest.vendor.url=embedded: ingesting from the built-in vendor simulator at {}", simulator.baseUrl());
        w.bind("VendorSimulator", simulator);
        return simulator.baseUrl();
    }

    private static void warnOfMissingKeys(FeedSettings f, AlpacaCredentials alpaca, MassiveCredentials massive) {
        if (f.embeddedVendor()) {
            return;
        }
        if (f.provider() == Provider.ALPACA_STOCKS && !alpaca.present()) {
            LOG.warn("{} / {} are not set: requests of feed {} to {} carry no API keys", AlpacaCredentials.KEY_ID_ENV,
                    AlpacaCredentials.SECRET_ENV, f.name(), f.vendorUrl());
        }
        if (f.provider() == Provider.MASSIVE_STOCKS && !massive.present()) {
            LOG.warn("{} is not set: requests of feed {} to {} carry no API key", MassiveCredentials.KEY_ENV, f.name(), f.vendorUrl());
        }
    }

    /**
     * The HTTP client of a provider's requests: its keys, and a size limit so that no answer can exhaust the heap. No
     * retry inside the HTTP client: it would send a second request (after a 503 or 429, or an I/O error) under the
     * first one's quota slot and behind the circuit breaker's back. Every retry is a redelivery of the route, which
     * takes a slot of its own.
     */
    private static HttpClientConfigurer httpClient(HttpClientConfigurer credentials, ResponseSizeLimit sizeLimit) {
        return builder -> {
            builder.disableAutomaticRetries();
            credentials.configureHttpClient(builder);
            sizeLimit.configureHttpClient(builder);
        };
    }
}
