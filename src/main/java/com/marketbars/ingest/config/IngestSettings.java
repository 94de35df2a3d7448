package com.marketbars.ingest.config;

import com.marketbars.ingest.dlq.RetryBackoff;
import com.marketbars.ingest.quota.Quota;
import com.marketbars.ingest.store.WriteMode;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every {@code ingest.*} setting, parsed and validated once at startup. A bad value fails here with a
 * {@link ConfigException} naming its key, before any route starts.
 */
public record IngestSettings(
        String source,
        String dbUrl,
        WriteMode writeMode,
        String vendorUrl,
        String feed,
        List<String> universe,
        int batchSymbols,
        int pageLimit,
        Duration window,
        Duration settle,
        String start,
        String schedule,
        String account,
        Quota quota,
        int concurrency,
        int fetchAhead,
        Duration connectTimeout,
        Duration responseTimeout,
        int retryMaxRedeliveries,
        Duration retryInitialDelay,
        double retryMultiplier,
        Duration retryMaxDelay,
        String dlqSchedule,
        RetryBackoff dlqRetry,
        CircuitSettings circuit,
        String lockDir,
        Duration dbMaxOutage) {

    /** The vendor URL value that means "start the simulator inside this process and ingest from it". */
    public static final String EMBEDDED = "embedded";
    private static final Pattern SOURCE_NAME = Pattern.compile("[a-z][a-z0-9_]{0,62}");
    private static final Pattern CRON_FIELDS = Pattern.compile("\\S+( \\S+){5,6}");

    /** @param props looks a key up in Camel's properties (file, -D, environment); null when absent */
    public static IngestSettings from(Function<String, String> props) {
        return new IngestSettings(
                matching(props, "ingest.source", SOURCE_NAME, "lower-case letters, digits and '_'"),
                dbUrl(props),
                writeMode(props),
                vendorUrl(props),
                matching(props, "ingest.vendor.feed", Pattern.compile("[a-z_]{1,20}"), "a feed name such as iex or sip"),
                Symbols.parseUniverse("ingest.universe", required(props, "ingest.universe")),
                intIn(props, "ingest.batch.symbols", 1, 1000),
                intIn(props, "ingest.vendor.page-limit", 1, 10_000),
                wholeMinutes("ingest.window", duration(props, "ingest.window", Duration.ofMinutes(1), Duration.ofDays(31))),
                duration(props, "ingest.settle", Duration.ZERO, Duration.ofDays(1)),
                start(props),
                cron(props, "ingest.schedule"),
                matching(props, "ingest.account.name", SOURCE_NAME, "lower-case letters, digits and '_'"),
                quota(props),
                intIn(props, "ingest.concurrency", 1, 64),
                intIn(props, "ingest.fetch-ahead", 1, 100),
                duration(props, "ingest.http.connect-timeout", Duration.ofMillis(1), Duration.ofMinutes(5)),
                duration(props, "ingest.http.response-timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                intIn(props, "ingest.retry.max-redeliveries", 0, 100),
                duration(props, "ingest.retry.initial-delay", Duration.ZERO, Duration.ofHours(1)),
                doubleIn(props, "ingest.retry.multiplier", 1.0, 10.0),
                duration(props, "ingest.retry.max-delay", Duration.ZERO, Duration.ofHours(6)),
                cron(props, "ingest.dlq.schedule"),
                dlqRetry(props),
                CircuitSettings.from(props),
                optional(props, "ingest.cluster.lock-dir"),
                duration(props, "ingest.db.max-outage", Duration.ZERO, Duration.ofDays(7)));
    }

    private static RetryBackoff dlqRetry(Function<String, String> props) {
        Duration initial = duration(props, "ingest.dlq.retry-initial-delay", Duration.ZERO, Duration.ofDays(1));
        double multiplier = doubleIn(props, "ingest.dlq.retry-multiplier", 1.0, 10.0);
        Duration max = duration(props, "ingest.dlq.retry-max-delay", Duration.ZERO, Duration.ofDays(7));
        if (max.compareTo(initial) < 0) {
            throw new ConfigException("ingest.dlq.retry-max-delay", max + " is shorter than ingest.dlq.retry-initial-delay " + initial);
        }
        return new RetryBackoff(initial, multiplier, max, intIn(props, "ingest.dlq.max-retries", 0, 1000));
    }

    /** Where a source with no checkpoint begins: {@code ingest.start} is an ISO instant or a duration back from now. */
    public Instant startInstant(Clock clock) {
        return parseStart(start, clock);
    }

    /** The longest a request can take before it fails: connect and response timeouts. */
    public Duration maxAnswerTime() {
        return connectTimeout.plus(responseTimeout);
    }

    public boolean embeddedVendor() {
        return EMBEDDED.equals(vendorUrl);
    }

    /** An optional setting: empty when absent or blank. */
    static String optional(Function<String, String> props, String key) {
        String v = props.apply(key);
        return v == null ? "" : v.trim();
    }

    static String required(Function<String, String> props, String key) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key, "is required but not set");
        }
        return v.trim();
    }

    private static String matching(Function<String, String> props, String key, Pattern p, String expected) {
        String v = required(props, key);
        if (!p.matcher(v).matches()) {
            throw new ConfigException(key, "'" + v + "' is not valid; expected " + expected);
        }
        return v;
    }

    private static String dbUrl(Function<String, String> props) {
        String v = required(props, "ingest.db.url");
        if (!v.startsWith("jdbc:sqlite:") && !v.startsWith("jdbc:postgresql:")) {
            throw new ConfigException("ingest.db.url", "'" + v + "' is not supported; use jdbc:sqlite:PATH or jdbc:postgresql://HOST/DB");
        }
        return v;
    }

    private static WriteMode writeMode(Function<String, String> props) {
        try {
            return WriteMode.parse(required(props, "ingest.write-mode"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ingest.write-mode", e.getMessage());
        }
    }

    private static String vendorUrl(Function<String, String> props) {
        String v = required(props, "ingest.vendor.url");
        if (v.equals(EMBEDDED)) {
            return v;
        }
        try {
            URI u = URI.create(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ingest.vendor.url", "'" + v + "' is not an http(s) URL (or 'embedded' for the built-in simulator)");
        }
        return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
    }

    static int intIn(Function<String, String> props, String key, int min, int max) {
        String v = required(props, key);
        try {
            int i = Integer.parseInt(v);
            if (i < min || i > max) {
                throw new ConfigException(key, v + " is out of range [" + min + ", " + max + "]");
            }
            return i;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + v + "' is not a whole number");
        }
    }

    private static Duration wholeMinutes(String key, Duration d) {
        if (d.toSeconds() % 60 != 0 || d.getNano() != 0) {
            throw new ConfigException(key, d + " is not a whole number of minutes; windows are made of 1-minute bars");
        }
        return d;
    }

    /** Keys of the one-process rate limiter that ingest.account.quota replaced: set, they would silently do nothing. */
    private static final List<String> REPLACED_RATE_KEYS =
            List.of("ingest.rate.enabled", "ingest.rate.requests", "ingest.rate.period", "ingest.rate.burst");

    private static Quota quota(Function<String, String> props) {
        for (String old : REPLACED_RATE_KEYS) {
            if (props.apply(old) != null) {
                throw new ConfigException(old, "is replaced by ingest.account.quota (e.g. 200/PT1M, several limits "
                        + "as 30/PT1S, 200/PT1M; none for no quota; a burst allowance is a second, shorter limit)");
            }
        }
        try {
            return Quota.parse(required(props, "ingest.account.quota"));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("ingest.account.quota", e.getMessage());
        }
    }

    static boolean bool(Function<String, String> props, String key) {
        String v = required(props, key);
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new ConfigException(key, "'" + v + "' is not true or false");
        }
        return Boolean.parseBoolean(v);
    }

    static double doubleIn(Function<String, String> props, String key, double min, double max) {
        String v = required(props, key);
        try {
            double d = Double.parseDouble(v);
            if (!(d >= min && d <= max)) {
                throw new ConfigException(key, v + " is out of range [" + min + ", " + max + "]");
            }
            return d;
        } catch (NumberFormatException e) {
            throw new ConfigException(key, "'" + v + "' is not a number");
        }
    }

    /**
     * Millisecond forms of the durations, for the Camel options that take milliseconds (HTTP timeouts,
     * redelivery delays). Derived at startup: set the ISO-8601 keys, not these.
     */
    public java.util.Map<String, String> derivedProperties() {
        return java.util.Map.of(
                "ingest.http.connect-timeout.millis", String.valueOf(connectTimeout.toMillis()),
                "ingest.http.response-timeout.millis", String.valueOf(responseTimeout.toMillis()),
                "ingest.retry.initial-delay.millis", String.valueOf(retryInitialDelay.toMillis()),
                "ingest.retry.max-delay.millis", String.valueOf(retryMaxDelay.toMillis()));
    }

    static Duration duration(Function<String, String> props, String key, Duration min, Duration max) {
        String v = required(props, key);
        Duration d;
        try {
            d = Duration.parse(v);
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "'" + v + "' is not an ISO-8601 duration such as PT1S, PT15M or P1D");
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw new ConfigException(key, v + " is out of range [" + min + ", " + max + "]");
        }
        return d;
    }

    private static String start(Function<String, String> props) {
        String v = required(props, "ingest.start");
        parseStart(v, Clock.systemUTC());
        return v;
    }

    static Instant parseStart(String v, Clock clock) {
        try {
            if (v.startsWith("P") || v.startsWith("-P")) {
                Duration back = Duration.parse(v).abs();
                return clock.instant().minus(back).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
            }
            Instant t = Instant.parse(v);
            if (!t.equals(t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES))) {
                throw new ConfigException("ingest.start", "'" + v + "' is not on a whole minute; bars are 1-minute bars");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new ConfigException("ingest.start", "'" + v + "' is neither an ISO instant (2026-01-02T14:30:00Z) nor a duration back from now (P1D)");
        }
    }

    private static String cron(Function<String, String> props, String key) {
        String v = required(props, key);
        if (!CRON_FIELDS.matcher(v).matches()) {
            throw new ConfigException(key, "'" + v + "' is not a Quartz cron expression (6 or 7 fields, e.g. '0 * * * * ?')");
        }
        try {
            org.quartz.CronExpression.validateExpression(v);
        } catch (java.text.ParseException e) {
            throw new ConfigException(key, "'" + v + "' is not a valid Quartz cron expression: " + e.getMessage());
        }
        return v;
    }
}
