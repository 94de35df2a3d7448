package com.marketbars.ingest;

import com.marketbars.ingest.simulator.SimulatorSettings;
import com.marketbars.ingest.store.SqlDialect;
import com.marketbars.ingest.support.Cli;
import com.marketbars.ingest.support.IngestFixture;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The specs of {@link VendorUniverseTest} on a SQLite file, and the refreshes that must leave the universe as it was. */
class VendorUniverseSqliteTest extends VendorUniverseTest {
    VendorUniverseSqliteTest() {
        super(SqlDialect.SQLITE);
    }

    @Test
    void aFailedRefreshAShrunkListAndAnEmptyOneLeaveTheLastGoodUniverse() throws Exception {
        SimulatorSettings sim = new SimulatorSettings();
        sim.equityAssets = 30;
        fixture = IngestFixture.start(dialect, dir, sim, List.of("AAPL"));
        Map<String, String> s = vendorFeed(Instant.now().minus(Duration.ofHours(2)).truncatedTo(ChronoUnit.HOURS));
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        List<String> good = universe();
        assertThat(good).hasSizeGreaterThan(20);

        fixture.sim.settings().set("assetsOutage", "true");
        Cli.Result outage = Cli.run(s, "run", "--once");
        assertThat(outage.exitCode()).as("the catch-up goes on with the last good list: " + outage.stderr()).isZero();
        assertThat(universe()).isEqualTo(good);
        assertThat(lastRefresh()).startsWith("failed|failed: HTTP 503");

        fixture.sim.settings().set("assetsOutage", "false");
        fixture.sim.settings().set("equityAssets", "12");   // more than half of the universe gone at once
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        assertThat(universe()).isEqualTo(good);
        assertThat(lastRefresh()).startsWith("refused|refused: it would remove");

        fixture.sim.settings().set("equityAssets", "0");
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        assertThat(universe()).isEqualTo(good);
        assertThat(lastRefresh()).startsWith("refused|refused: the vendor's list holds no symbol");

        // the shrink limit is the operator's: at 0.9 the smaller list is applied
        fixture.sim.settings().set("equityAssets", "12");
        s.put("ingest.universe.max-shrink", "0.9");
        assertThat(Cli.run(s, "run", "--once").exitCode()).isZero();
        assertThat(universe()).hasSizeLessThan(12).isSubsetOf(good);
        assertThat(lastRefresh()).startsWith("applied|");
    }

}
