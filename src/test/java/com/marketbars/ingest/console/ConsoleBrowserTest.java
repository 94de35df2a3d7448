package com.marketbars.ingest.console;

import com.marketbars.ingest.app.IngestRuntime;
import com.marketbars.ingest.dlq.DeadLetterStore;
import com.marketbars.ingest.dlq.ReplayRequest;
import com.marketbars.ingest.feeds.Feeds;
import com.marketbars.ingest.simulator.SyntheticBars;
import com.marketbars.ingest.support.ConsoleDeployment;
import com.marketbars.ingest.support.GroundTruth;
import com.marketbars.ingest.support.HeadlessChromium;
import com.marketbars.ingest.support.IngestFixture;
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
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless browser (Debian's chromium): a database ingested from the simulator, a known hole
 * punched into one symbol's day, and a DLQ row; the page must show the hole in exactly that cell (and every other
 * cell as the vendor's ground truth has it), list the hole among the cell's gaps when clicked, and replay the DLQ row
 * when its "Retry now" is clicked - audited as the console, as the CLI audits itself. Screenshots go to
 * target/console-screenshots.
 */
class ConsoleBrowserTest {
    private static final String FEED = "alpaca_bars_1min";
    /** Seeded from a Monday; the hole is on the Wednesday, the DLQ row's window on the Thursday. */
    private static final LocalDate MONDAY = LocalDate.parse("2026-11-16");
    private static final LocalDate HOLE_DAY = MONDAY.plusDays(2);
    private static final LocalDate DLQ_DAY = MONDAY.plusDays(3);
    private static final Instant HOLE_FROM = HOLE_DAY.atTime(15, 0).toInstant(ZoneOffset.UTC);
    private static final Instant HOLE_TO = HOLE_DAY.atTime(16, 0).toInstant(ZoneOffset.UTC);

    @TempDir
    Path dir;
    private ConsoleDeployment deployment;
    private IngestFixture fixture;
    private IngestRuntime runtime;
    private ChromeDriver browser;
    private String base;
    private final List<String> universe = GroundTruth.symbols(3);

    @BeforeEach
    void start() throws Exception {
        deployment = ConsoleDeployment.start(dir, universe, MONDAY.atStartOfDay(ZoneOffset.UTC).toInstant(), Map.of());
        fixture = deployment.fixture;
        runtime = deployment.runtime;
        base = deployment.base();
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
    void theCoverageShowsAPunchedHoleInItsCellAndADlqRetryClickedOnThePageReplaysTheRow() throws Exception {
        // a complete database from the Monday to now, then a hole and a lost window with its DLQ row
        runtime.context().createProducerTemplate().requestBody("direct:ingest-job",
                runtime.bean("Feeds", Feeds.class).chosen(null).jobs().scheduled());
        String holed = universe.get(1);
        String lost = universe.get(2);
        Instant lostFrom = DLQ_DAY.atTime(15, 0).toInstant(ZoneOffset.UTC);
        Instant lostTo = lostFrom.plus(Duration.ofHours(1));
        int punched = delete(holed, HOLE_FROM, HOLE_TO);
        int lostBars = delete(lost, lostFrom, lostTo);
        assertThat(punched).isBetween(50, 60);
        DeadLetterStore dlq = runtime.bean("DeadLetterStore", DeadLetterStore.class);
        dlq.record(FEED, new ReplayRequest(FEED, List.of(lost), lostFrom, lostTo), "HTTP 503 (seeded by the spec)", 0,
                Instant.now().plus(Duration.ofHours(1)), false);

        browser.get(base + "/console/#token=" + ConsoleDeployment.TOKEN);
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        wait.until(d -> "true".equals(d.findElement(By.tagName("body")).getDomAttribute("data-ready")));
        assertThat(browser.findElement(By.cssSelector("#feeds tr[data-feed='" + FEED + "'] .state-running")).getText()).isEqualTo("running");
        assertThat(browser.findElement(By.cssSelector("#feeds tr[data-feed='" + FEED + "'] .runs-on")).getText())
                .isEqualTo("this instance (pid " + ProcessHandle.current().pid() + ")");

        // the heat map from the Monday for five days
        setDate("coverage-from", MONDAY);
        setDate("coverage-to", MONDAY.plusDays(5));
        browser.findElement(By.cssSelector("#coverage-form button")).click();
        browser.findElement(By.cssSelector("#coverage-grid summary")).click();   // every symbol's heat map, opened
        wait.until(d -> d.findElements(By.cssSelector("#coverage td.cell")).size() == universe.size() * 5);
        for (String symbol : universe) {
            for (int day = 0; day < 5; day++) {
                LocalDate d = MONDAY.plusDays(day);
                int truth = vendorBars(symbol, d) - (symbol.equals(holed) && d.equals(HOLE_DAY) ? punched : 0)
                        - (symbol.equals(lost) && d.equals(DLQ_DAY) ? lostBars : 0);
                WebElement cell = cellOf(symbol, d);
                assertThat(cell.getDomAttribute("data-stored")).as(symbol + " " + d + " stored").isEqualTo(String.valueOf(truth));
            }
        }
        WebElement hole = cellOf(holed, HOLE_DAY);
        WebElement healthy = cellOf(holed, HOLE_DAY.minusDays(1));
        assertThat(Double.parseDouble(hole.getDomAttribute("data-share"))).as("the holed cell shows less")
                .isLessThan(Double.parseDouble(healthy.getDomAttribute("data-share")) - 0.1);
        assertThat(cellOf(lost, DLQ_DAY).getText()).as("bars in the DLQ are marked").contains("D");
        screenshot("console");

        // its gaps, clicked: the punched hour is among them
        hole.click();
        wait.until(d -> d.findElement(By.id("gaps")).isDisplayed());
        List<String> gaps = browser.findElements(By.cssSelector("#gaps tr.gap")).stream().map(WebElement::getText).toList();
        assertThat(gaps).as("gap rows").anySatisfy(g -> assertThat(g).contains(HOLE_DAY + " 15:00").contains(HOLE_DAY + " 16:00"));
        assertThat(browser.findElement(By.id("gaps-title")).getText()).startsWith(holed + " " + HOLE_DAY);

        // the DLQ row, retried from the page: replayed, its bars back, audited as the console
        long id = dlq.list(FEED, false).get(0).id();
        browser.findElement(By.cssSelector("#dlq tr[data-dlq-id='" + id + "'] button.retry")).click();
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> d.findElements(By.cssSelector("#dlq tr[data-dlq-id='" + id + "']")).isEmpty());
        assertThat(dlq.get(id)).isEmpty();
        assertThat(dlq.audit(FEED)).extracting(a -> a.action() + " " + a.actor()).containsExactly("retry-requested console", "resolved retry-worker");
        assertThat(count(lost, lostFrom, lostTo)).as("the lost window's bars are back").isEqualTo(lostBars);
        assertThat(browser.findElement(By.id("error")).isDisplayed()).as("no error shown").isFalse();
        screenshot("console-after-retry");
    }

    private WebElement cellOf(String symbol, LocalDate day) {
        return browser.findElement(By.cssSelector("#coverage td.cell[data-symbol='" + symbol + "'][data-day='" + day + "']"));
    }

    private void setDate(String id, LocalDate day) {
        ((JavascriptExecutor) browser).executeScript("document.getElementById(arguments[0]).value = arguments[1]", id, day.toString());
    }

    private static int vendorBars(String symbol, LocalDate day) {
        long first = day.atStartOfDay(ZoneOffset.UTC).toEpochSecond() / 60;
        int n = 0;
        for (long m = first; m < first + 1440; m++) {
            n += SyntheticBars.isTradingMinute(m) && SyntheticBars.exists(symbol, m) ? 1 : 0;   // a cell counts the regular session
        }
        return n;
    }

    private int delete(String symbol, Instant from, Instant to) throws Exception {
        return onBars("DELETE FROM bars", symbol, from, to);
    }

    private int count(String symbol, Instant from, Instant to) throws Exception {
        return onBars("SELECT COUNT(*) FROM bars", symbol, from, to);
    }

    /** {@code statement} on the feed's bars of {@code symbol} in [from, to): the rows it changed, or the count it selects. */
    private int onBars(String statement, String symbol, Instant from, Instant to) throws Exception {
        try (var c = DriverManager.getConnection(fixture.dbUrl);
             var ps = c.prepareStatement(statement + " WHERE source = ? AND symbol = ? AND ts >= ? AND ts < ?")) {
            ps.setString(1, FEED);
            ps.setString(2, symbol);
            ps.setString(3, from.toString());
            ps.setString(4, to.toString());
            if (!ps.execute()) {
                return ps.getUpdateCount();
            }
            try (var rs = ps.getResultSet()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private void screenshot(String name) throws Exception {
        Path out = Path.of("target", "console-screenshots", name + ".png");
        Files.createDirectories(out.getParent());
        Files.copy(browser.getScreenshotAs(OutputType.FILE).toPath(), out, StandardCopyOption.REPLACE_EXISTING);
    }
}
