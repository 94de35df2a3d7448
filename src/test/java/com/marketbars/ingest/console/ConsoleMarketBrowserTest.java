package com.marketbars.ingest.console;

import com.marketbars.ingest.model.Timeframe;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.model.Bar;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.simulator.VendorEndpoint;
import com.marketbars.ingest.store.BarStore;
import com.marketbars.ingest.store.Database;
import com.marketbars.ingest.store.VendorAnswer;
import com.marketbars.ingest.model.WriteMode;
import com.marketbars.ingest.support.ConsoleDeployment;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.HeadlessChromium;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The coverage view of a market-sized feed in a real headless browser: 3,000 symbols of hour bars over three days,
 * stored as the pipeline stores pages (with the vendor's answers), one hour deleted from one symbol. The page must open
 * on the feed's days - not on a heat map of every symbol - show the lost hour in its day's row, list the symbol first
 * among the day's worst, and its gap in the symbol's drill-down.
 */
class ConsoleMarketBrowserTest {
    private static final LocalDate MONDAY = LocalDate.parse("2026-11-16");
    private static final LocalDate TUESDAY = MONDAY.plusDays(1);
    private static final Instant LOST_FROM = TUESDAY.atTime(16, 0).toInstant(ZoneOffset.UTC);

    @TempDir
    Path dir;
    private ConsoleDeployment deployment;
    private ChromeDriver browser;
    private final List<String> universe = GroundTruth.symbols(3000);

    @BeforeEach
    void start() throws Exception {
        deployment = ConsoleDeployment.start(dir, universe, MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant(),
                Map.of("ingest.timeframe", "1Hour"));
        browser = HeadlessChromium.start(dir.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (deployment != null) {
            deployment.close();
        }
    }

    @Test
    void the_view_opens_on_the_markets_days_and_drills_down_from_a_day_to_its_worst_symbol_and_its_gap() throws Exception {
        String feed = deployment.runtime.bean("Feeds", Feeds.class).chosen(null).name();
        Instant from = MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant();
        Instant to = from.plus(Duration.ofDays(3));
        BarStore store = new BarStore(deployment.runtime.bean("Database", Database.class), Clock.systemUTC());
        for (int i = 0; i < universe.size(); i += 250) {
            List<String> page = universe.subList(i, i + 250);
            List<Bar> bars = new ArrayList<>();
            page.forEach(s -> bars.addAll(SyntheticBars.range(VendorEndpoint.ALPACA_STOCKS, s, Timeframe.ONE_HOUR, from, to, 0)));
            store.write(feed, WriteMode.INSERT_ONLY, bars, List.of(), VendorAnswer.complete(Duration.ofHours(1), page, from, to));
        }
        String holed = universe.get(1234);
        assertThat(deleteHour(feed, holed)).isEqualTo(1);

        browser.get(deployment.base() + "/console/#token=" + ConsoleDeployment.TOKEN);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(requested("/api/coverage?")).as("the first view asks for no symbol's cells").isEmpty();
        assertThat(requested("/api/coverage/overview")).as("it asks for the feed's days").isNotEmpty();

        setDate("coverage-from", MONDAY);
        setDate("coverage-to", MONDAY.plusDays(3));
        browser.findElement(By.cssSelector("#coverage-form button")).click();
        wait.until(d -> d.findElements(By.cssSelector("#coverage-overview tr[data-day]")).size() == 3
                && d.findElement(By.cssSelector("#coverage-overview tr[data-day='" + MONDAY + "']")).isDisplayed());
        WebElement tuesday = browser.findElement(By.cssSelector("#coverage-overview tr[data-day='" + TUESDAY + "']"));
        assertThat(tuesday.getDomAttribute("data-missing")).as("the lost hour in its day's row").isEqualTo("1");
        assertThat(tuesday.getDomAttribute("data-with-gaps")).isEqualTo("1");
        assertThat(browser.findElement(By.cssSelector("#coverage-overview tr[data-day='" + MONDAY + "']")).getDomAttribute("data-missing"))
                .isEqualTo("0");
        assertThat(browser.findElement(By.id("coverage-dlq")).getText()).startsWith("3000 symbols in the universe");
        assertThat(requested("/api/coverage/overview")).as("the day rows of 3,000 symbols are a few KB")
                .allSatisfy(bytes -> assertThat(bytes).isLessThan(10_000));

        tuesday.click();
        wait.until(d -> !d.findElements(By.cssSelector("#coverage-worst tr[data-symbol]")).isEmpty());
        List<WebElement> worst = browser.findElements(By.cssSelector("#coverage-worst tr[data-symbol]"));
        assertThat(worst).extracting(r -> r.getDomAttribute("data-symbol")).containsExactly(holed);

        worst.get(0).click();
        wait.until(d -> d.findElement(By.id("coverage-symbol")).isDisplayed());
        List<String> gaps = browser.findElements(By.cssSelector("#coverage-symbol-gaps tr.gap")).stream().map(WebElement::getText).toList();
        assertThat(gaps).containsExactly(TUESDAY + " 16:00 " + TUESDAY + " 17:00 1");
        assertThat(browser.findElement(By.id("coverage-symbol-title")).getText()).isEqualTo(holed + ": 1 gap(s), 1 bars missing");
        assertThat(browser.findElement(By.id("error")).isDisplayed()).as("no error shown").isFalse();
        screenshot("console-market");
    }

    /** The body sizes of the page's requests whose URL contains the text, as the browser's resource timing has them. */
    @SuppressWarnings("unchecked")
    private List<Long> requested(String text) {
        return ((List<Object>) ((JavascriptExecutor) browser).executeScript(
                "return performance.getEntriesByType('resource').filter(e => e.name.includes(arguments[0])).map(e => e.decodedBodySize)",
                text)).stream().map(o -> ((Number) o).longValue()).toList();
    }

    private int deleteHour(String feed, String symbol) throws Exception {
        try (var c = DriverManager.getConnection(deployment.fixture.dbUrl);
             var ps = c.prepareStatement("DELETE FROM bars WHERE source = ? AND symbol = ? AND ts >= ? AND ts < ?")) {
            ps.setString(1, feed);
            ps.setString(2, symbol);
            ps.setString(3, LOST_FROM.toString());
            ps.setString(4, LOST_FROM.plus(Duration.ofHours(1)).toString());
            return ps.executeUpdate();
        }
    }

    private void setDate(String id, LocalDate day) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, day.toString());
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of("target", "console-screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    }
}
