package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sluice.server.SluiceServerTest;
import dev.sluice.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The dashboard in a real headless Chromium against the real server with data sent through every protocol:
 * log in, open every page, follow an issue, create and revoke a key, build a trend and see uPlot draw it.
 * Throughout, no request may leave the server's origin and the console must stay free of errors.
 */
@SluiceServerTest(stores = SluiceServerTest.Stores.BOTH)
class DashboardBrowserTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    static TestServer server;
    static ChromeDriver browser;

    @BeforeEach
    void start(TestServer fresh) throws Exception {
        server = fresh;
        Seed.all(server);
        browser = Chromium.start(Files.createDirectories(dir.resolve("profile")));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        // The server is closed by the extension after this.
        if (browser != null) {
            browser.quit();
            browser = null;
        }
    }

    @Test
    void aPersonCanWorkThroughEveryPage() throws Exception {
        open("/issues");
        assertThat(browser.getCurrentUrl()).contains("/login?next=");
        browser.findElement(By.id("token")).sendKeys(server.adminToken());
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/issues"));
        // Two errors sent through Open Sentry and the failed TraceStax job (job failures become issues).
        assertThat(browser.findElements(By.cssSelector("#issue-rows tr td.title a"))).hasSize(3);
        assertThat(browser.findElement(By.cssSelector("#issue-rows")).getText()).contains("TypeError")
                .contains("TimeoutError").contains("CardDeclined");
        shot("issues");

        browser.findElement(By.linkText("TypeError: Cannot read properties of undefined (reading 'id')")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/issues/"));
        List<WebElement> inApp = browser.findElements(By.cssSelector("ol.frames li.in-app"));
        assertThat(inApp).hasSize(2);
        assertThat(browser.findElements(By.cssSelector("ol.frames li.frame:not(.in-app)"))).hasSize(1);
        assertThat(browser.getPageSource()).contains("eu-west").contains("POST /api/orders").contains("@example.com");
        shot("issue");

        open("/tasks");
        assertThat(text()).contains("Disk almost full on db-1");
        browser.findElement(By.linkText("Disk almost full on db-1")).click();
        waitFor(() -> browser.getCurrentUrl().matches(".*/tasks/\\d+$"));
        new Select(browser.findElement(By.id("t-status"))).selectByValue("in_progress");
        browser.findElement(By.id("t-assignees")).sendKeys("ops@example.com");
        browser.findElement(By.cssSelector("form.grid-form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().contains("saved=1"));
        assertThat(text()).contains("Saved.").contains("in_progress");
        shot("task");

        open("/transactions");
        assertThat(text()).contains("POST /api/orders").contains("GET /api/products");
        shot("transactions");
        browser.findElement(By.cssSelector("table.dense a[href^='/transactions/']")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("svg.waterfall rect.bar")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("svg.waterfall rect.bar"))).hasSizeGreaterThanOrEqualTo(1);

        open("/ai");
        assertThat(text()).contains("gpt-4o-mini").contains("claude-sonnet-4");
        waitFor(() -> browser.findElements(By.cssSelector("figure.chart[data-drawn] canvas")).size() == 2);
        shot("ai");

        open("/jobs");
        assertThat(text()).contains("send_email").contains("charge_card").contains("worker-1");
        waitFor(() -> !browser.findElements(By.cssSelector("#queue-depth[data-drawn] canvas")).isEmpty());
        shot("jobs");
        browser.findElement(By.cssSelector("form[action='/jobs/dump-requests'] button")).click();
        waitFor(() -> browser.getCurrentUrl().contains("requested="));
        assertThat(text()).contains("Thread dump requested from worker-1");
        browser.findElement(By.cssSelector("a[href^='/jobs/dumps/']")).click();
        waitFor(() -> text().contains("at Foo.bar"));

        open("/analytics");
        new Select(browser.findElement(By.id("event-0"))).selectByValue("signup");
        new Select(browser.findElement(By.id("event-1"))).selectByValue("purchase");
        new Select(browser.findElement(By.id("range"))).selectByValue("24h");
        new Select(browser.findElement(By.id("granularity"))).selectByValue("hour");
        browser.findElement(By.cssSelector("#trend-form button[type=submit]")).click();
        waitFor(() -> !browser.findElements(By.cssSelector("#trend[data-drawn] canvas")).isEmpty());
        assertThat(browser.findElements(By.cssSelector("#trend .u-legend .u-series"))).hasSizeGreaterThanOrEqualTo(2);
        shot("analytics");
        open("/analytics?kind=funnel&event=signup&event=purchase&range=24h&granularity=hour");
        waitFor(() -> !browser.findElements(By.cssSelector("#funnel[data-drawn] canvas")).isEmpty());
        // user-1 signed up and purchased, user-2 only signed up: 2 → 1, 50 %.
        assertThat(browser.findElement(By.id("funnel-table")).getText()).contains("signup 2 100.0%")
                .contains("purchase 1 50.0%");
        shot("funnel");
        open("/analytics?kind=retention&event=signup&event=purchase&range=7d&granularity=day");
        assertThat(browser.findElements(By.cssSelector("#retention-table tbody tr"))).isNotEmpty();
        open("/analytics/profiles");
        assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Profiles");

        open("/settings");
        int activeBefore = browser.findElements(By.cssSelector("#keys button.danger")).size();
        new Select(browser.findElement(By.id("kind"))).selectByValue("opensentry");
        browser.findElement(By.cssSelector("form[action='/settings/keys'] button")).click();
        waitFor(() -> !browser.findElements(By.id("new-key")).isEmpty());
        String key = browser.findElement(By.id("new-key")).getText();
        assertThat(key).startsWith("os_");
        assertThat(text()).contains("Open Sentry DSN").contains(key + "@127.0.0.1:");
        shot("key-created");
        open("/settings");
        assertThat(browser.findElements(By.cssSelector("#keys button.danger"))).hasSize(activeBefore + 1);
        shot("settings");
        String hint = key.substring(0, "os_".length() + 6);
        browser.findElement(By.cssSelector("button[aria-label='Revoke opensentry key " + hint + "']")).click();
        waitFor(() -> browser.getCurrentUrl().contains("done=revoked"));
        assertThat(browser.findElements(By.cssSelector("#keys button.danger"))).hasSize(activeBefore);
        assertThat(server.ingest("{\"type\":\"error\",\"exception\":{\"type\":\"E\",\"value\":\"v\"}}").statusCode())
                .as("the first-run key still works").isEqualTo(202);

        assertOnlyLocalRequestsAndNoConsoleErrors();
    }

    private void assertOnlyLocalRequestsAndNoConsoleErrors() throws Exception {
        List<String> urls = new ArrayList<>();
        for (LogEntry e : browser.manage().logs().get(LogType.PERFORMANCE)) {
            JsonNode msg = JSON.readTree(e.getMessage()).path("message");
            if (msg.path("method").asText().equals("Network.requestWillBeSent")) {
                urls.add(msg.path("params").path("request").path("url").asText());
            }
        }
        // chrome:// and data: are served by the browser itself; everything that goes on the wire must be ours.
        urls.removeIf(u -> u.startsWith("chrome://") || u.startsWith("chrome-untrusted://") || u.startsWith("data:"));
        assertThat(urls).isNotEmpty();
        assertThat(urls).allSatisfy(u -> assertThat(u).matches("(" + java.util.regex.Pattern.quote(server.baseUrl())
                + "/.*|data:.*)"));
        List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage).toList();
        assertThat(problems).isEmpty();
    }

    private static void open(String path) {
        browser.get(server.baseUrl() + path);
    }

    private static String text() {
        return browser.findElement(By.tagName("body")).getText();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) {
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(d -> condition.getAsBoolean());
    }

    private static void shot(String name) throws Exception {
        String target = System.getProperty("sluice.screenshots", "");
        if (target.isEmpty()) {
            return;
        }
        Path out = Files.createDirectories(Path.of(target)).resolve(name + ".png");
        Files.write(out, browser.getScreenshotAs(OutputType.BYTES));
    }
}
