package com.marketbars.ingest;

import com.marketbars.ingest.calendar.NyseCalendar;
import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.model.Provider;
import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.support.Checkpoints;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hour and day feeds against the simulator, on a SQLite file: Alpaca crypto 1Hour bars over three days and Massive
 * 1Day bars over a week, in one deployment, caught up by {@code run --once} as the schedule would. Each is exact against
 * what the simulator serves, its checkpoint stands on a whole hour or UTC day (the horizon, now less the settle lag,
 * truncated to a bar), and its requests are at their floor: one a window for the crypto batch (a day of hour bars is 24
 * a pair), one a session date for Massive, whose day feed asks the grouped daily (every ticker's day bar of a date),
 * keeps its universe's and stamps them as its aggregates do, at New York midnight.
 */
@Timeout(180)
class HourAndDayFeedsEndToEndTest {
    static final String HOURS = "crypto_1hour";
    static final String DAYS = "massive_1day";
    static final List<String> PAIRS = GroundTruth.cryptoPairs(4);
    static final List<String> TICKERS = GroundTruth.symbols(3);
    static final Duration SETTLE = Duration.ofMinutes(2);

    @TempDir
    Path dir;
    IngestFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void hourAndDayFeedsAreExactCheckpointedOnWholeBarsAndAtTheirRequestFloor() throws Exception {
        fixture = IngestFixture.start(dir, new SimulatorSettings(), List.of("AAPL"));
        Instant hoursFrom = Instant.now().minus(Duration.ofDays(3)).truncatedTo(ChronoUnit.DAYS);
        Instant daysFrom = Instant.now().minus(Duration.ofDays(7)).truncatedTo(ChronoUnit.DAYS);
        Map<String, String> s = fixture.settings();
        s.put("ingest.feeds", HOURS + "," + DAYS);
        s.put("ingest.feed." + HOURS + ".provider", "alpaca-crypto");
        s.put("ingest.feed." + HOURS + ".timeframe", "1Hour");
        s.put("ingest.feed." + HOURS + ".universe", String.join(",", PAIRS));
        s.put("ingest.feed." + HOURS + ".start", hoursFrom.toString());
        s.put("ingest.feed." + DAYS + ".provider", "massive-stocks");
        s.put("ingest.feed." + DAYS + ".account.name", "massive");
        s.put("ingest.account.massive.quota", "none");
        s.put("ingest.feed." + DAYS + ".timeframe", "1Day");
        s.put("ingest.feed." + DAYS + ".window", "P7D");
        s.put("ingest.feed." + DAYS + ".universe", String.join(",", TICKERS));
        s.put("ingest.feed." + DAYS + ".start", daysFrom.toString());
        s.put("ingest.settle", SETTLE.toString());
        s.put("ingest.closed-days", "skip");   // the operator's default: no grouped daily of a closed date
        // the grouped daily's market: the universe and tickers that are not the feed's, which it must not keep
        fixture.sim.settings().groupedMarket = String.join(",", TICKERS) + ",AAPL,MSFT,NVDA";

        Instant before = Instant.now();
        Cli.Result r = Cli.run(s, "run", "--once");
        Instant after = Instant.now();
        assertThat(r.exitCode()).as(r.stderr()).isZero();

        // crypto 1Hour: every pair up to the last whole hour that has settled
        Instant hour = single(Checkpoints.of(fixture.dbUrl, HOURS), PAIRS);
        assertThat(hour).isIn(horizon(before, SETTLE, ChronoUnit.HOURS), horizon(after, SETTLE, ChronoUnit.HOURS));
        assertThat(hour.getEpochSecond() % 3_600).isZero();
        GroundTruth.assertFeedExactly(fixture.dbUrl, HOURS,
                GroundTruth.served(VendorEndpoint.ALPACA_CRYPTO, PAIRS, Timeframe.ONE_HOUR, hoursFrom, hour, 0));
        // the pairs are one batch; a window is a UTC day (ingest.window=P1D) of at most 4 x 24 bars: one request each
        assertThat(fixture.sim.stats().requests(VendorEndpoint.ALPACA_CRYPTO)).isEqualTo(windows(hoursFrom, hour, Duration.ofDays(1)));

        // Massive 1Day: every ticker up to the last UTC day that has settled - by the stock day feeds' own settle
        // (Provider.STOCK_DAY_SETTLE, not ingest.settle: a session's extended hours end after midnight UTC), so between
        // midnight and 6 a.m. UTC the day before yesterday's
        Duration daySettle = Duration.parse(Provider.STOCK_DAY_SETTLE);
        Instant day = single(Checkpoints.of(fixture.dbUrl, DAYS), TICKERS);
        assertThat(day).isIn(horizon(before, daySettle, ChronoUnit.DAYS), horizon(after, daySettle, ChronoUnit.DAYS));
        assertThat(day.getEpochSecond() % 86_400).isZero();
        Map<String, List<Bar>> served = new java.util.TreeMap<>();
        GroundTruth.served(fixture.sim.settings().realism(), VendorEndpoint.MASSIVE_STOCKS, TICKERS, Timeframe.ONE_DAY, daysFrom, day, 0)
                .forEach((ticker, bars) -> served.put(ticker, bars.stream().map(b -> new Bar(b.symbol(),
                        LocalDate.ofInstant(b.ts(), ZoneOffset.UTC).atStartOfDay(NyseCalendar.NEW_YORK).toInstant(), b.open(), b.high(),
                        b.low(), b.close(), b.volume(), b.tradeCount(), b.vwap())).toList()));
        GroundTruth.assertFeedExactly(fixture.dbUrl, DAYS, served);
        long sessions = daysFrom.atZone(ZoneOffset.UTC).toLocalDate().datesUntil(day.atZone(ZoneOffset.UTC).toLocalDate())
                .filter(new NyseCalendar()::isSessionDay).count();
        assertThat(sessions).as("a week has trading days").isGreaterThanOrEqualTo(3);
        assertThat(served.get(TICKERS.get(0))).hasSize((int) sessions);
        // the grouped daily names no ticker: one request a session date, whatever the universe; none for a closed day
        assertThat(fixture.sim.stats().requests(VendorEndpoint.MASSIVE_STOCKS)).isEqualTo(sessions);
        assertThat(fixture.sim.stats().requests(VendorEndpoint.ALPACA_STOCKS)).isZero();
    }

    /** The checkpoint of every symbol, which must be one and the same. */
    private static Instant single(Map<String, Instant> checkpoints, List<String> symbols) {
        assertThat(checkpoints.keySet()).containsExactlyInAnyOrderElementsOf(symbols);
        assertThat(new HashSet<>(checkpoints.values())).hasSize(1);
        return checkpoints.values().iterator().next();
    }

    /** now less the settle lag, truncated to the start of an hour or (UTC) day. */
    private static Instant horizon(Instant now, Duration settle, ChronoUnit bar) {
        return now.minus(settle).truncatedTo(bar);
    }

    /** How many epoch-aligned windows of this length [from, to) touches. */
    private static long windows(Instant from, Instant to, Duration window) {
        long w = window.toMillis();
        return Math.floorDiv(to.toEpochMilli() - 1, w) - Math.floorDiv(from.toEpochMilli(), w) + 1;
    }
}
