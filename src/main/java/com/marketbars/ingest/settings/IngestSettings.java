package com.marketbars.ingest.settings;

import com.marketbars.ingest.calendar.ExchangeCalendar;
import com.marketbars.ingest.calendar.Session;

import com.marketbars.ingest.model.RetryBackoff;
import com.marketbars.ingest.model.Quota;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Every {@code ingest.*} setting, parsed and validated once at startup. A bad value fails here with a
 * {@link ConfigException} naming its key, before any route starts.
 */
public record IngestSettings(
        List<FeedSettings> feeds,
        Map<String, Quota> accounts,
        String dbUrl,
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
        QualitySettings quality,
        String lockDir,
        Duration clusterLease,
        Duration dbMaxOutage,
        BackfillSharding backfill) {

    /**
     * How backfills are cut into shards that instances share ({@code ingest.backfill.*}): at most {@code shardSymbols}
     * symbols and {@code shardPeriod} of time each (rounded to whole request batches and windows); a shard's lease
     * lasts {@code lease} and is renewed while its instance works; daemons look for shards every {@code poll}.
     */
    public record BackfillSharding(int shardSymbols, Duration shardPeriod, Duration lease, Duration poll) {
    }

    /** The vendor URL value that means "start the simulator inside this process and ingest from it". */
    public static final String EMBEDDED = "embedded";
    private static final Pattern CRON_FIELDS = Pattern.compile("\\S+( \\S+){5,6}");
    /** Account names that are keys of the default account's settings, not accounts. */
    private static final List<String> RESERVED_ACCOUNT_NAMES = List.of("name", "quota");

    /** @param props looks a key up in Camel's properties (file, -D, environment); null when absent */
    public static IngestSettings from(Function<String, String> props) {
        List<FeedSettings> feeds = feeds(props);
        return new IngestSettings(
                feeds,
                accounts(props, feeds),
                dbUrl(props),
                intIn(props, "ingest.concurrency", 1, 64),
                intIn(props, "ingest.fetch-ahead", 1, 100),
                duration(props, "ingest.http.connect-timeout", Duration.ofMillis(1), Duration.ofMinutes(5)),
                duration(props, "ingest.http.response-timeout", Duration.ofMillis(1), Duration.ofMinutes(10)),
                intIn(props, "ingest.retry.max-redeliveries", 0, 100),
                duration(props, "ingest.retry.initial-delay", Duration.ZERO, Duration.ofHours(1)),
                doubleIn(props, "ingest.retry.multiplier", 1.0, 10.0),
                duration(props, "ingest.retry.max-delay", Duration.ZERO, Duration.ofHours(6)),
                cron("ingest.dlq.schedule", required(props, "ingest.dlq.schedule")),
                dlqRetry(props),
                CircuitSettings.from(props),
                QualitySettings.from(props),
                optional(props, "ingest.cluster.lock-dir"),
                duration(props, "ingest.cluster.lease", Duration.ofSeconds(3), Duration.ofMinutes(5)),
                duration(props, "ingest.db.max-outage", Duration.ZERO, Duration.ofDays(7)),
                new BackfillSharding(
                        intIn(props, "ingest.backfill.shard-symbols", 1, 100_000),
                        duration(props, "ingest.backfill.shard-period", Duration.ofMinutes(1), Duration.ofDays(3_660)),
                        duration(props, "ingest.backfill.lease", Duration.ofSeconds(5), Duration.ofHours(1)),
                        duration(props, "ingest.backfill.poll", Duration.ofMillis(100), Duration.ofHours(1))));
    }

    /** {@code ingest.feeds} (a comma list of names), or the one feed named by {@code ingest.source}. */
    private static List<FeedSettings> feeds(Function<String, String> props) {
        String listed = optional(props, "ingest.feeds");
        if (listed.isEmpty()) {
            String name = matching(props, "ingest.source", FeedSettings.NAME, "lower-case letters, digits and '_'");
            return List.of(FeedSettings.from(name, props, false));
        }
        List<FeedSettings> out = new java.util.ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String raw : listed.split(",")) {
            String name = raw.trim();
            if (!FeedSettings.NAME.matcher(name).matches()) {
                throw new ConfigException("ingest.feeds", "'" + name + "' is not a feed name; expected lower-case letters, digits and '_'");
            }
            if (!seen.add(name)) {
                throw new ConfigException("ingest.feeds", "lists the feed '" + name + "' twice");
            }
            out.add(FeedSettings.from(name, props, true));
        }
        return List.copyOf(out);
    }

    /** The quota of every account a feed uses: {@code ingest.account.NAME.quota}, or {@code ingest.account.quota} for the default account. */
    private static Map<String, Quota> accounts(Function<String, String> props, List<FeedSettings> feeds) {
        for (String old : REPLACED_RATE_KEYS) {
            if (props.apply(old) != null) {
                throw new ConfigException(old, "is replaced by ingest.account.quota (e.g. 200/PT1M, several limits "
                        + "as 30/PT1S, 200/PT1M; none for no quota; a burst allowance is a second, shorter limit)");
            }
        }
        String defaultAccount = matching(props, "ingest.account.name", FeedSettings.NAME, "lower-case letters, digits and '_'");
        Map<String, Quota> out = new java.util.LinkedHashMap<>();
        for (FeedSettings f : feeds) {
            String a = f.account();
            if (RESERVED_ACCOUNT_NAMES.contains(a)) {
                throw new ConfigException("ingest.feed." + f.name() + ".account.name", "'" + a + "' is reserved; choose another account name");
            }
            if (out.containsKey(a)) {
                continue;
            }
            String own = "ingest.account." + a + ".quota";
            String key = props.apply(own) != null || !a.equals(defaultAccount) ? own : "ingest.account.quota";
            try {
                out.put(a, Quota.parse(required(props, key)));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(key, e.getMessage());
            }
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The feed of this name. @throws IllegalArgumentException naming the feeds there are */
    public FeedSettings feed(String name) {
        return feeds.stream().filter(f -> f.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no feed '" + name + "'; the feeds are " + feedNames()));
    }

    /**
     * The feed a command means: the one named, or the only one.
     *
     * @throws IllegalArgumentException when no feed has that name, or several feeds exist and none was named
     */
    public FeedSettings chosenFeed(String nameOrNull) {
        return feed(choose(feedNames(), nameOrNull));
    }

    /** Of these feed names, the one named (checked by the caller) or the only one. */
    public static String choose(List<String> names, String nameOrNull) {
        if (nameOrNull != null && !nameOrNull.isBlank()) {
            return nameOrNull.trim();
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        throw new IllegalArgumentException("this deployment has " + names.size() + " feeds (" + String.join(", ", names)
                + "): name one with --feed");
    }

    public List<String> feedNames() {
        return feeds.stream().map(FeedSettings::name).toList();
    }

    /** The first feed listed: the one of a deployment with one feed. */
    public FeedSettings firstFeed() {
        return feeds.get(0);
    }

    /** Some feed's provider is served by the simulator started inside this process. */
    public boolean embeddedVendor() {
        return feeds.stream().anyMatch(FeedSettings::embeddedVendor);
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

    /** The longest a request can take before it fails: connect and response timeouts. */
    public Duration maxAnswerTime() {
        return connectTimeout.plus(responseTimeout);
    }

    /** An optional setting: empty when absent or blank. */
    static String optional(Function<String, String> props, String key) {
        String v = props.apply(key);
        return v == null ? "" : v.trim();
    }

    /** A required setting. */
    static String required(Function<String, String> props, String key) {
        String v = props.apply(key);
        if (v == null || v.isBlank()) {
            throw new ConfigException(key, "is required but not set");
        }
        return v.trim();
    }

    static String matching(Function<String, String> props, String key, Pattern p, String expected) {
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

    static String vendorUrl(String key, String v) {
        if (v.equals(EMBEDDED)) {
            return v;
        }
        try {
            URI u = URI.create(v);
            if (!("http".equals(u.getScheme()) || "https".equals(u.getScheme())) || u.getHost() == null) {
                throw new IllegalArgumentException();
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key, "'" + v + "' is not an http(s) URL (or 'embedded' for the built-in simulator)");
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

    /** Keys of the one-process rate limiter that ingest.account.quota replaced: set, they would silently do nothing. */
    private static final List<String> REPLACED_RATE_KEYS =
            List.of("ingest.rate.enabled", "ingest.rate.requests", "ingest.rate.period", "ingest.rate.burst");

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
                "ingest.retry.max-delay.millis", String.valueOf(retryMaxDelay.toMillis()),
                "ingest.backfill.poll.millis", String.valueOf(backfill.poll().toMillis()));
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

    /** {@code sessions:N}: the start of the feed's last N complete sessions by its exchange's calendar. */
    private static final Pattern SESSIONS = Pattern.compile("sessions:([1-9][0-9]{0,2})");

    /**
     * Where a feed without a checkpoint begins, on the start of one of its bars: an ISO instant; a duration back from
     * now; or {@code sessions:N}, the start of the Nth last session of the exchange whose regular close has passed
     * (its pre-market, where the calendar has extended hours), so a first run finds bars on a Sunday, on a holiday or
     * before the New York open alike - a duration back from then may hold no session at all.
     */
    static Instant parseStart(String key, String v, Clock clock, com.marketbars.ingest.model.Timeframe timeframe,
                              ExchangeCalendar calendar) {
        long bar = timeframe.duration().toMillis();
        try {
            java.util.regex.Matcher sessions = SESSIONS.matcher(v);
            if (sessions.matches()) {
                Session last = calendar.lastCompleteSessionBefore(clock.instant());
                for (int n = Integer.parseInt(sessions.group(1)); n > 1; n--) {
                    last = calendar.session(calendar.previousSessionDay(last.date())).orElseThrow();
                }
                return Instant.ofEpochMilli(Math.floorDiv(last.preMarketOpen().toEpochMilli(), bar) * bar);
            }
            if (v.startsWith("P") || v.startsWith("-P")) {
                Duration back = Duration.parse(v).abs();
                long t = clock.instant().minus(back).toEpochMilli();
                return Instant.ofEpochMilli(Math.floorDiv(t, bar) * bar);
            }
            Instant t = Instant.parse(v);
            if (t.toEpochMilli() % bar != 0) {
                throw new ConfigException(key, "'" + v + "' is not on the start of a " + timeframe + " bar");
            }
            return t;
        } catch (DateTimeParseException e) {
            throw new ConfigException(key, "'" + v + "' is neither an ISO instant (2026-01-02T14:30:00Z), a duration back "
                    + "from now (P1D) nor sessions:N (the last N complete sessions of the exchange, 1-999)");
        }
    }

    static String cron(String key, String v) {
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
