package com.marketbars.ingest.console;

import com.marketbars.ingest.backfill.BackfillJob;
import com.marketbars.ingest.backfill.BackfillQueue;
import com.marketbars.ingest.backfill.JobProgress;
import com.marketbars.ingest.coverage.Coverage;
import com.marketbars.ingest.coverage.CellPage;
import com.marketbars.ingest.coverage.CoverageGrid;
import com.marketbars.ingest.coverage.CoverageOverview;
import com.marketbars.ingest.coverage.SymbolCoverage;
import com.marketbars.ingest.coverage.Gap;
import com.marketbars.ingest.dlq.DeadLetter;
import com.marketbars.ingest.dlq.DeadLetterStats;
import com.marketbars.ingest.feeds.Feed;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.observability.FeedView;
import com.marketbars.ingest.quota.AccountQuota;
import com.marketbars.ingest.quota.AccountUsage;
import com.marketbars.ingest.store.StoreStatus;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * What the console shows and does, as plain values (the JSON API under the page; {@link ConsoleServer} maps HTTP
 * to these methods). Reads go to the same beans as JMX and {@code status}; the DLQ actions are those of
 * {@code dlq retry} and {@code dlq discard}, audited with the actor {@code console}.
 */
public final class ConsoleApi {
    /** The widest coverage the page may ask for at once: a quarter of a year of days. */
    static final int MAX_COVERAGE_DAYS = 92;
    /** Symbols of a page of the grid or of a day's worst, unless asked otherwise; and the most a page may have. */
    static final int GRID_PAGE = 100;
    static final int MAX_GRID_PAGE = 1_000;
    static final int SEARCH_RESULTS = 20;
    static final String ACTOR = "console";

    /** A feed with its JMX view and its row figures. */
    public record FeedParts(Feed feed, FeedView view, StoreStatus store) {
    }

    private final Map<String, FeedParts> feeds;
    private final Feeds registry;
    private final List<AccountQuota> accounts;
    private final BackfillQueue backfillJobs;
    private final Coverage coverage;
    private final Runnable triggerDlqPass;
    private final Function<String, String> runsOn;
    private final Clock clock;

    /** @param runsOn where a feed runs, as this instance tells it ({@link com.marketbars.ingest.cluster.FeedLeaders#runsOn}) */
    public ConsoleApi(Map<String, FeedParts> feeds, Feeds registry, List<AccountQuota> accounts, BackfillQueue backfillJobs,
                      Coverage coverage, Runnable triggerDlqPass, Function<String, String> runsOn, Clock clock) {
        this.feeds = feeds;
        this.registry = registry;
        this.accounts = accounts;
        this.backfillJobs = backfillJobs;
        this.coverage = coverage;
        this.triggerDlqPass = triggerDlqPass;
        this.runsOn = runsOn;
        this.clock = clock;
    }

    // ---- feeds -------------------------------------------------------------------------------------------------

    public record FeedState(String name, String provider, String timeframe, String account, String runsOn, String state, String stoppedReason,
                            String checkpoint, long lagSeconds, String lastWindow, String lastWindowCompletedAt, String circuit,
                            int symbols, int symbolsNeverIngested, long barsToday, long barsNewSinceStart, long barsRejectedSinceStart,
                            long dlqRows, long dlqParked, String vendorContractBroken) {
    }

    public List<FeedState> feeds() {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        List<FeedState> out = new ArrayList<>();
        for (FeedParts p : feeds.values()) {
            FeedView v = p.view();
            DeadLetterStats dlq = p.feed().review().stats();
            String reason = v.getStoppedReason();
            String state = v.isRunning() ? "running" : reason.startsWith("paused") ? "paused" : "stopped";
            out.add(new FeedState(p.feed().name(), p.feed().settings().provider().label(), p.feed().settings().plan().timeframe().toString(),
                    p.feed().settings().account(), runsOn.apply(p.feed().name()), state, reason, v.getCheckpoint(), v.getLagSeconds(), v.getLastWindow(),
                    v.getLastWindowCompletedAt(), registry.circuitOf(p.feed().name()).getState().name(),
                    v.getSymbols(), v.getSymbolsNeverIngested(), p.store().barsSince(today),
                    v.getBarsNew(), v.getBarsRejected(), dlq.depth(), dlq.parked(), v.getVendorContractBroken()));
        }
        return out;
    }

    // ---- universes ---------------------------------------------------------------------------------------------

    private volatile java.util.function.Supplier<List<com.marketbars.ingest.universe.UniverseView.State>> universes = List::of;

    /** Where the feeds' universes come from (IngestConfiguration: their UniverseViews). */
    public void showUniverses(java.util.function.Supplier<List<com.marketbars.ingest.universe.UniverseView.State>> universes) {
        this.universes = universes;
    }

    /** Each feed's universe: its size, its source, its last refresh and the symbols it added and removed. */
    public List<com.marketbars.ingest.universe.UniverseView.State> universes() {
        return universes.get();
    }

    // ---- accounts ----------------------------------------------------------------------------------------------

    public record LimitState(String limit, long sentInWindow, long held, double utilisation) {
    }

    public record AccountState(String account, String quota, List<LimitState> limits, long inFlight, Instant pausedUntil,
                               long rateLimitedLastHour, Integer vendorLimit, long requestsOfThisProcess, long waitedMillisOfThisProcess) {
    }

    /** Each account's quota as every process of it uses it (the shared ledger), and this process's own figures. */
    public List<AccountState> accounts() {
        List<AccountState> out = new ArrayList<>();
        for (AccountQuota q : accounts) {
            AccountUsage u = q.usage();
            List<LimitState> limits = u.limits().stream()
                    .map(l -> new LimitState(l.limit().toString(), l.sentInWindow(), l.held(), l.utilisation())).toList();
            out.add(new AccountState(q.getAccount(), q.getQuota(), limits, u.inFlight(), u.paused() ? u.pausedUntil() : null,
                    u.rateLimitedLastHour(), u.vendorLimit(), q.getRequests(), q.getWaitedMillis()));
        }
        return out;
    }

    // ---- DLQ ---------------------------------------------------------------------------------------------------

    public record DlqRow(long id, String feed, List<String> symbols, Instant start, Instant end, String reason, int attempts,
                         Instant nextTry, Instant createdAt, boolean parked) {
        static DlqRow of(DeadLetter d) {
            return new DlqRow(d.id(), d.feed(), d.request().symbols(), d.request().start(), d.request().end(), d.reason(),
                    d.retryCount(), d.parked() ? null : d.nextRetryAt(), d.createdAt(), d.parked());
        }
    }

    public List<DlqRow> deadLetters(String feed, boolean parkedOnly) {
        return parts(feed).feed().review().list(parkedOnly).stream().map(DlqRow::of).toList();
    }

    /** As {@code dlq retry ID}: due now (un-parked), audited; then a retry pass is asked for, so it replays at once. */
    public DlqRow retry(String feed, long id) {
        DlqRow row = DlqRow.of(review(feed, () -> parts(feed).feed().review().retry(id, ACTOR)));
        triggerDlqPass.run();
        return row;
    }

    /** As {@code dlq discard ID --reason}: the row leaves the DLQ, the audit keeps it with the reason. */
    public DlqRow discard(String feed, long id, String reason) {
        if (reason == null || reason.isBlank()) {
            throw ApiException.badRequest("reason: a discard needs a reason (it is kept in the audit table)");
        }
        return DlqRow.of(review(feed, () -> parts(feed).feed().review().discard(id, reason, ACTOR)));
    }

    private interface ReviewAction {
        DeadLetter run();
    }

    private DeadLetter review(String feed, ReviewAction action) {
        try {
            DeadLetter d = action.run();
            if (!d.feed().equals(feed)) {
                throw ApiException.notFound("DLQ row " + d.id() + " is not a row of feed " + feed);
            }
            return d;
        } catch (IllegalArgumentException unknownOrGone) {
            throw ApiException.notFound(unknownOrGone.getMessage());
        }
    }

    // ---- coverage ----------------------------------------------------------------------------------------------

    /** Symbols x UTC days [from, to) of a feed; the page asks for at most {@link #MAX_COVERAGE_DAYS} days. */
    public CoverageGrid coverage(String feed, String from, String to) {
        return coverage(feed, from, to, null, null, null);
    }

    /**
     * A page of the grid: the symbols containing {@code search}, from {@code offset}, at most {@code limit} (default
     * {@value #GRID_PAGE}, at most {@value #MAX_GRID_PAGE}) - the whole market is paged, never sent at once.
     */
    public CoverageGrid coverage(String feed, String from, String to, String search, String offset, String limit) {
        LocalDate[] days = days(from, to);
        return coverage.grid(parts(feed).feed().settings(), days[0], days[1], search,
                number("offset", offset, 0, Integer.MAX_VALUE), number("limit", limit, GRID_PAGE, MAX_GRID_PAGE));
    }

    /** The feed's days [from, to) (default: the last 14), each summed over its whole universe: the first view. */
    public CoverageOverview coverageOverview(String feed, String from, String to) {
        LocalDate[] days = days(from, to);
        return coverage.overview(parts(feed).feed().settings(), days[0], days[1]);
    }

    /** A day's worst symbols, a page of them. */
    public CellPage coverageDay(String feed, String day, String offset, String limit) {
        return coverage.worst(parts(feed).feed().settings(), day("day", day), number("offset", offset, 0, Integer.MAX_VALUE),
                number("limit", limit, GRID_PAGE, MAX_GRID_PAGE));
    }

    /** One symbol's days [from, to) and its gaps over them. */
    public SymbolCoverage coverageSymbol(String feed, String symbol, String from, String to) {
        FeedParts p = parts(feed);
        LocalDate[] days = days(from, to);
        return coverage.symbol(p.feed().settings(), known(p, symbol), days[0], days[1]);
    }

    /** The symbols of the feed containing the text, those starting with it first: at most {@value #SEARCH_RESULTS}. */
    public List<String> coverageSearch(String feed, String text) {
        return coverage.search(parts(feed).feed().settings(), text == null ? "" : text, SEARCH_RESULTS);
    }

    /** [from, to) of the coverage: to defaults to tomorrow (UTC), from to 14 days before it; at most 92 days. */
    private LocalDate[] days(String from, String to) {
        LocalDate end = to == null ? LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).plusDays(1) : day("to", to);
        LocalDate start = from == null ? end.minusDays(14) : day("from", from);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from: " + start + " is not before to " + end);
        }
        if (ChronoUnit.DAYS.between(start, end) > MAX_COVERAGE_DAYS) {
            throw ApiException.badRequest("to: at most " + MAX_COVERAGE_DAYS + " days at once, asked for "
                    + ChronoUnit.DAYS.between(start, end));
        }
        return new LocalDate[]{start, end};
    }

    private static String known(FeedParts p, String symbol) {
        if (symbol == null || !p.view().inUniverse(symbol)) {   // the live universe: a vendor's changes at run time
            throw ApiException.badRequest("symbol: " + (symbol == null ? "missing" : "'" + symbol + "' is not in feed " + p.feed().name()));
        }
        return symbol;
    }

    private static int number(String parameter, String text, int otherwise, int max) {
        if (text == null || text.isBlank()) {
            return otherwise;
        }
        try {
            int n = Integer.parseInt(text);
            if (n < 0 || n > max) {
                throw ApiException.badRequest(parameter + ": " + n + " is not in [0, " + max + "]");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(parameter + ": '" + text + "' is not a whole number");
        }
    }

    /** The missing bar ranges of one symbol on one UTC day (a cell of the coverage view). */
    public List<Gap> gaps(String feed, String symbol, String day) {
        FeedParts p = parts(feed);
        known(p, symbol);
        Instant start = day("day", day).atStartOfDay(ZoneOffset.UTC).toInstant();
        return coverage.gaps(p.feed().settings(), symbol, start, start.plus(Duration.ofDays(1)));
    }

    // ---- backfills ---------------------------------------------------------------------------------------------

    /** A backfill job and its shards: done, in work (by which processes), and an ETA from its pace so far. */
    public record BackfillState(long id, String feed, Instant from, Instant to, String mode, int symbols, int shards,
                                int shardsDone, int shardsInWork, List<String> workers, double progress, Instant submittedAt,
                                Instant finishedAt, Instant eta) {
    }

    /** Every unfinished backfill job of the database, whichever process submitted or works on it, and those of the last day. */
    public List<BackfillState> backfills() {
        Instant now = clock.instant();
        List<BackfillState> out = new ArrayList<>();
        for (BackfillJob job : backfillJobs.jobs(Duration.ofDays(1))) {
            JobProgress p = JobProgress.of(job, backfillJobs.shards(job.id()), now);
            out.add(new BackfillState(job.id(), job.feed(), job.from(), job.to(), job.writeMode().label(), job.symbols().size(),
                    p.shards(), p.done(), p.leased(), p.workers(), p.shards() == 0 ? 1 : (double) p.done() / p.shards(),
                    job.submittedAt(), job.finishedAt(), p.eta()));
        }
        return out;
    }

    // ---- parameters --------------------------------------------------------------------------------------------

    private FeedParts parts(String feed) {
        if (feed == null || feed.isBlank()) {
            if (feeds.size() == 1) {
                return feeds.values().iterator().next();
            }
            throw ApiException.badRequest("feed: missing; one of " + String.join(", ", feeds.keySet()));
        }
        FeedParts p = feeds.get(feed);
        if (p == null) {
            throw ApiException.badRequest("feed: '" + feed + "' is not a feed of this deployment; one of " + String.join(", ", feeds.keySet()));
        }
        return p;
    }

    private static LocalDate day(String parameter, String text) {
        if (text == null) {
            throw ApiException.badRequest(parameter + ": missing; a UTC date such as 2026-11-20");
        }
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest(parameter + ": '" + text + "' is not a date such as 2026-11-20");
        }
    }
}
