package dev.sluice.web.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.server.TestServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * In a real headless Chromium: the admin (admin token) invites a member from {@code /settings}, the member
 * opens the link, sets a password, lands in project A and sees only A; then logs out and back in with e-mail
 * and password.
 */
class AccountsBrowserTest {

    @TempDir
    static Path dir;
    static TestServer server;
    static ChromeDriver browser;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.sqlite(dir.resolve("data"));
        TwoProjects.seed(server);
        browser = Chromium.start(Files.createDirectories(dir.resolve("profile")));
        browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    }

    @AfterAll
    static void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void adminInvitesMemberWhoAcceptsAndSeesOnlyTheirProject() {
        open("/settings");
        browser.findElement(By.id("token")).sendKeys(server.adminToken());
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/settings"));
        assertThat(browser.findElements(By.cssSelector("#project-switch option"))).hasSize(2);
        browser.findElement(By.id("invite-email")).sendKeys("dana@example.com");
        new Select(browser.findElement(By.id("invite-role"))).selectByValue("member");
        browser.findElement(By.cssSelector("#invite-form button[type=submit]")).click();
        waitFor(() -> !browser.findElements(By.id("invite-link")).isEmpty());
        String link = browser.findElement(By.id("invite-link")).getText().strip();
        assertThat(link).startsWith("http://").contains("/invite/");
        browser.findElement(By.cssSelector("form.logout button")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/login"));

        browser.get(link);
        assertThat(browser.findElement(By.id("invite-email")).getText()).isEqualTo("dana@example.com");
        browser.findElement(By.id("password")).sendKeys("danas secret 42");
        browser.findElement(By.id("confirm")).sendKeys("danas secret 42");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/issues"));
        assertOnlyProjectA();

        browser.findElement(By.cssSelector("form.logout button")).click();
        waitFor(() -> browser.getCurrentUrl().contains("/login"));
        browser.findElement(By.id("email")).sendKeys("dana@example.com");
        browser.findElement(By.id("token")).sendKeys("danas secret 42");
        browser.findElement(By.cssSelector("form button[type=submit]")).click();
        waitFor(() -> browser.getCurrentUrl().endsWith("/issues"));
        assertOnlyProjectA();
        open("/issues?project=bravo");
        assertThat(text()).contains("There is no project named bravo");
        assertThat(text().toLowerCase(Locale.ROOT)).doesNotContain(TwoProjects.MARKER);

        List<String> problems = browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue()).map(LogEntry::getMessage)
                .filter(m -> !m.contains("404")).toList();
        assertThat(problems).isEmpty();
    }

    private static void assertOnlyProjectA() {
        assertThat(text()).contains("AlphaVisibleError").contains("dana@example.com");
        assertThat(browser.findElements(By.id("project-switch"))).as("one project: no switcher").isEmpty();
        assertThat(browser.findElement(By.id("project-name")).getText()).contains("default");
        for (String page : List.of("/issues", "/tasks", "/transactions", "/ai", "/jobs", "/settings")) {
            open(page);
            assertThat(text().toLowerCase(Locale.ROOT)).as(page).doesNotContain(TwoProjects.MARKER)
                    .doesNotContain("bravo");
        }
        open("/issues");
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
}
