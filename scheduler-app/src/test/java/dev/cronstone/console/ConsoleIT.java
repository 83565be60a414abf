package dev.cronstone.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cronstone.testing.NodeProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.condition.DisabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web console in a real browser: Debian's headless Chromium, driven by Selenium, against a real
 * node process on H2 serving the console and the API. Screenshots of each step are kept in {@code
 * target/console-screenshots/}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisabledIfEnvironmentVariable(
    named = Chromium.SKIP_VARIABLE,
    matches = "1",
    disabledReason = "CRONSTONE_SKIP_BROWSER=1: the console's browser tests are skipped")
class ConsoleIT {
  private static final String TOKEN = "console-it-token-5b1f9c27e0";
  private static final String SECRET = "console-it-secret-71d2a";
  private static final Path SHOTS = Path.of("target/console-screenshots").toAbsolutePath();
  private static final Duration WAIT = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path dir;
  static Path go;
  static NodeProcess node;
  static String base;

  ChromeDriver browser;
  WebDriverWait wait;

  @BeforeAll
  static void startNode() throws Exception {
    Chromium.requireInstalled();
    Files.createDirectories(SHOTS);
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    try (Stream<Path> examples = Files.list(NodeProcess.ROOT.resolve("config/jobs"))) {
      for (Path example : examples.toList()) {
        Files.copy(example, jobs.resolve(example.getFileName()));
      }
    }
    go = dir.resolve("go");
    // Reports progress, then waits (at most two minutes) until the test lets it finish.
    Files.writeString(
        jobs.resolve("progress-demo.yaml"),
        """
        id: progress-demo
        description: Reports its progress while it works
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              echo ::progress 2/10 warming up;
              i=0; while [ ! -e "%s" ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i+1)); done;
              echo ::progress 60 halfway; echo ::progress 100 done
        limits: { timeout: PT5M }
        """
            .formatted(go));
    Files.writeString(
        jobs.resolve("broken.yaml"),
        """
        id: broken
        description: Always fails
        task: { type: command, command: ["/bin/sh", "-c", "echo cannot reach the warehouse >&2; exit 3"] }
        policy: { pauseAfterFailures: 2 }
        """);
    // Fails twice, then succeeds; each attempt prints its own number (counted in a file).
    Files.writeString(
        jobs.resolve("flaky.yaml"),
        """
        id: flaky
        description: Succeeds on its third attempt
        task:
          type: command
          command:
            - /bin/sh
            - -c
            - >-
              n=$(cat "%s" 2>/dev/null || echo 0); n=$((n+1)); echo $n > "%s";
              echo "try $n says hello"; echo "try $n complains" >&2; [ $n -ge 3 ]
        retry: { maxAttempts: 3, backoff: fixed, initialDelay: PT1S }
        """
            .formatted(dir.resolve("flaky-count"), dir.resolve("flaky-count")));
    Files.writeString(
        jobs.resolve("slow-demo.yaml"),
        """
        id: slow-demo
        description: Takes two minutes unless cancelled
        task: { type: command, command: ["/bin/sleep", "120"] }
        limits: { timeout: PT5M }
        """);
    Path config = dir.resolve("node.yaml");
    Files.writeString(
        config,
        """
        store: { url: "jdbc:h2:file:%s;AUTO_SERVER=TRUE" }
        jobs: { dir: "%s" }
        artifacts: { dir: "%s" }
        api: { bind: 127.0.0.1, port: 0, token: "%s" }
        """
            .formatted(dir.resolve("data/cronstone"), jobs, dir.resolve("runs"), TOKEN));
    node =
        NodeProcess.start(
            "console-node",
            dir,
            Map.of("STATUS_TOKEN", SECRET),
            "--config",
            config.toString(),
            "serve");
    node.awaitRunning(Duration.ofSeconds(90));
    base = node.apiUri(Duration.ofSeconds(30)).toString().replaceAll("/+$", "");
  }

  @AfterAll
  static void stopNode() throws Exception {
    if (node != null) {
      node.stop(Duration.ofSeconds(60));
      assertThat(node.output()).doesNotContain(TOKEN).doesNotContain(SECRET);
    }
  }

  @BeforeEach
  void openBrowser() throws IOException {
    browser = Chromium.start(dir.resolve("browser"), 1280, 900);
    wait = new WebDriverWait(browser, WAIT, Duration.ofMillis(200));
    // the grid re-renders its cards every few seconds: look elements up again, not old ones
    wait.ignoring(StaleElementReferenceException.class);
  }

  @AfterEach
  void closeBrowser(TestInfo test) {
    if (browser != null) {
      try {
        shot("last-" + test.getTestMethod().orElseThrow().getName());
        List<String> problems =
            browser.manage().logs().get(LogType.BROWSER).getAll().stream()
                .map(LogEntry::getMessage)
                .filter(m -> m.contains("Uncaught") || m.contains("Content Security Policy"))
                .toList();
        assertThat(problems).as("script errors and CSP refusals in the page").isEmpty();
      } finally {
        browser.quit();
      }
    }
  }

  @Test
  @Order(1)
  void the_grid_asks_for_the_token_and_shows_every_job_with_a_live_countdown() {
    browser.get(base + "/");
    signIn("not-the-token");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector(".token-form [role=alert]"), "refused"));
    signIn(TOKEN);
    List<String> ids =
        List.of(
            "broken",
            "cache-warmup",
            "flaky",
            "heartbeat",
            "manual-backfill",
            "month-end-close",
            "nightly-report",
            "progress-demo",
            "slow-demo",
            "status-ping");
    wait.until(d -> d.findElements(By.cssSelector("article.card")).size() == ids.size());
    assertThat(
            browser.findElements(By.cssSelector("article.card")).stream()
                .map(c -> c.getDomAttribute("data-job-id"))
                .toList())
        .containsExactlyElementsOf(ids);
    String nightly = wait.until(d -> card("nightly-report").getText());
    assertThat(nightly).contains("Europe/Berlin").contains("Next run").contains("Last outcome");
    String before = wait.until(d -> countdown("nightly-report"));
    assertThat(before).startsWith("in ");
    wait.until(d -> !countdown("nightly-report").equals(before));
    assertThat(browser.getCurrentUrl()).doesNotContain(TOKEN);
    assertAccessibleNames();
    shot("01-grid");
  }

  @Test
  @Order(2)
  void run_now_opens_the_run_page_which_follows_the_run_live_to_succeeded() throws Exception {
    openGrid();
    press("progress-demo", "run");
    wait.until(ExpectedConditions.urlMatches("#/runs/progress-demo/\\d+$"));
    // The task waits for the test: the page must show it running, with its first progress.
    wait.until(
        ExpectedConditions.attributeToBe(By.cssSelector("ol.phases"), "data-phase", "running"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("progress-text"), "warming up"));
    assertThat(browser.findElement(By.id("progress")).getDomProperty("value")).isEqualTo("20");
    assertThat(browser.findElement(By.id("progress-text")).getText()).contains("(2 of 10)");
    // the output pane follows what the task prints while it runs
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "warming up"));
    assertThat(browser.findElement(By.id("run-status")).getDomAttribute("data-status"))
        .isEqualTo("running");
    assertThat(browser.findElement(By.cssSelector("button.danger")).isDisplayed()).isTrue();
    shot("02-run-running");
    Files.writeString(go, "go");
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "succeeded"));
    wait.until(ExpectedConditions.attributeToBe(By.cssSelector("ol.phases"), "data-phase", "done"));
    wait.until(d -> eventTypes().contains("run.finished"));
    assertThat(eventTypes())
        .containsSubsequence(
            "run.queued", "attempt.started", "progress", "progress", "attempt.finished");
    assertThat(browser.findElement(By.id("progress")).getDomProperty("value")).isEqualTo("100");
    assertThat(browser.findElement(By.id("progress-text")).getText()).contains("done");
    assertThat(browser.findElement(By.cssSelector("[role=alert]")).isDisplayed()).isFalse();
    assertThat(browser.findElement(By.cssSelector("button.danger")).isDisplayed()).isFalse();
    shot("03-run-succeeded");
  }

  @Test
  @Order(3)
  void pause_shows_the_badge_and_resume_clears_it() throws Exception {
    openGrid();
    press("nightly-report", "pause");
    wait.until(
        d -> !card("nightly-report").findElements(By.cssSelector("[data-badge=paused]")).isEmpty());
    assertThat(api("/jobs/nightly-report").get("paused").asBoolean()).isTrue();
    shot("04-paused");
    press("nightly-report", "resume");
    wait.until(
        d -> card("nightly-report").findElements(By.cssSelector("[data-badge=paused]")).isEmpty());
    assertThat(api("/jobs/nightly-report").get("paused").asBoolean()).isFalse();
  }

  @Test
  @Order(4)
  void a_failed_run_shows_its_error_and_run_again_starts_a_new_manual_run() {
    openGrid();
    press("broken", "run");
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "failed"));
    WebElement alert =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div.alert[role=alert]")));
    assertThat(alert.getText()).contains("job_failed");
    // the alert quotes the last lines of stderr; the output pane marks stderr apart
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("stderr-tail"), "cannot reach the warehouse"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#output .out-stderr"), "cannot reach the warehouse"));
    String first = browser.getCurrentUrl();
    shot("05-run-failed");
    wait.until(
        d -> {
          d.findElement(By.xpath("//div[@role='alert']//button[normalize-space()='Run again']"))
              .click();
          return true;
        });
    wait.until(d -> !d.getCurrentUrl().equals(first));
    assertThat(browser.getCurrentUrl()).matches(".*#/runs/broken/\\d+$");
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "failed"));
  }

  @Test
  @Order(5)
  void cancel_stops_a_running_run_and_the_alert_gives_the_reason() {
    openGrid();
    press("slow-demo", "run");
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "running"));
    browser.findElement(By.xpath("//button[normalize-space()='Cancel']")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "cancelled"));
    WebElement alert =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(By.cssSelector("div.alert[role=alert]")));
    assertThat(alert.getText()).contains("operator");
    assertThat(browser.findElement(By.xpath("//button[normalize-space()='Cancel']")).isDisplayed())
        .isFalse();
    shot("06-run-cancelled");
  }

  @Test
  @Order(6)
  void the_job_page_shows_the_spec_upcoming_fires_and_history_with_an_outcome_filter() {
    openGrid();
    browser.get(base + "/#/jobs/broken");
    wait.until(d -> d.findElements(By.cssSelector("table.runs tbody tr")).size() >= 2);
    assertThat(browser.findElement(By.cssSelector("pre.spec")).getText()).contains("\"broken\"");
    Select outcome = new Select(browser.findElement(By.id("outcome")));
    outcome.selectByValue("succeeded");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("history-title"), "Run history"));
    wait.until(d -> d.findElements(By.cssSelector("table.runs tbody tr")).isEmpty());
    outcome = new Select(browser.findElement(By.id("outcome")));
    outcome.selectByValue("failed");
    wait.until(d -> d.findElements(By.cssSelector("table.runs tbody tr")).size() >= 2);
    // one run a page: Older runs goes back in history, Newest runs returns
    browser.get(base + "/#/jobs/broken?limit=1");
    wait.until(d -> runNumbers().size() == 1);
    List<String> newest = runNumbers();
    browser.findElement(By.linkText("Older runs")).click();
    wait.until(d -> !runNumbers().equals(newest));
    assertThat(Integer.parseInt(runNumbers().get(0).substring(1)))
        .isLessThan(Integer.parseInt(newest.get(0).substring(1)));
    browser.findElement(By.linkText("Newest runs")).click();
    wait.until(d -> runNumbers().equals(newest));
    browser.get(base + "/#/jobs/status-ping");
    wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("pre.spec")));
    assertThat(browser.getPageSource()).doesNotContain(SECRET);
    browser.get(base + "/#/jobs/nightly-report");
    wait.until(d -> d.findElements(By.cssSelector("ol.upcoming li")).size() >= 3);
    shot("07-job");
  }

  @Test
  @Order(7)
  void a_narrow_window_stacks_the_cards_in_one_column() {
    browser.manage().window().setSize(new Dimension(400, 900));
    openGrid();
    List<WebElement> cards = browser.findElements(By.cssSelector("article.card"));
    assertThat(cards).hasSizeGreaterThan(2);
    int x = cards.get(0).getRect().getX();
    for (WebElement card : cards) {
      assertThat(card.getRect().getX()).isEqualTo(x);
    }
    assertThat(cards.get(1).getRect().getY()).isGreaterThan(cards.get(0).getRect().getY());
    assertNoSidewaysScrolling();
    shot("08-narrow-grid");
    browser.get(base + "/#/jobs/broken");
    wait.until(d -> !d.findElements(By.cssSelector("table.runs tbody tr")).isEmpty());
    assertNoSidewaysScrolling();
    shot("09-narrow-job");
    browser.findElement(By.cssSelector("table.runs tbody tr a")).click();
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "failed"));
    assertNoSidewaysScrolling();
    shot("10-narrow-run");
  }

  @Test
  @Order(8)
  void the_attempt_selector_shows_each_attempts_own_output_the_latest_by_default() {
    openGrid();
    press("flaky", "run");
    wait.until(ExpectedConditions.urlMatches("#/runs/flaky/\\d+$"));
    wait.until(ExpectedConditions.attributeToBe(By.id("run-status"), "data-status", "succeeded"));
    // by default the pane follows the latest attempt, through the retries
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "try 3 says hello"));
    wait.until(d -> d.findElements(By.cssSelector("#output-attempt option")).size() == 3);
    Select attempt = new Select(browser.findElement(By.id("output-attempt")));
    assertThat(attempt.getFirstSelectedOption().getDomAttribute("value")).isEqualTo("3");
    assertThat(browser.findElement(By.id("output")).getText()).doesNotContain("try 1");
    shot("11-attempt-latest");
    attempt.selectByValue("1");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "try 1 says hello"));
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("#output .out-stderr"), "try 1 complains"));
    assertThat(browser.findElement(By.id("output")).getText())
        .doesNotContain("try 2")
        .doesNotContain("try 3");
    assertThat(browser.findElement(By.id("output")).getDomAttribute("data-attempt")).isEqualTo("1");
    shot("12-attempt-1");
    new Select(browser.findElement(By.id("output-attempt"))).selectByValue("2");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("output"), "try 2 says hello"));
    assertThat(browser.findElement(By.id("output")).getText())
        .doesNotContain("try 1")
        .doesNotContain("try 3");
  }

  @Test
  @Order(9)
  void a_job_paused_by_its_policy_says_why_and_resume_clears_it() throws Exception {
    // the two failed runs of broken (order 4) paused it: policy.pauseAfterFailures is 2
    JsonNode pause = api("/jobs/broken").path("pause");
    assertThat(pause.path("paused").asBoolean()).isTrue();
    assertThat(pause.path("pausedBy").asText()).isEqualTo("policy");
    openGrid();
    browser.get(base + "/#/jobs/broken");
    WebElement badge =
        wait.until(
            ExpectedConditions.presenceOfElementLocated(By.cssSelector("h1 [data-badge=paused]")));
    assertThat(badge.getText()).isEqualTo("Paused by policy after 2 failures");
    shot("13-paused-by-policy");
    browser.get(base + "/#/runs/broken/2");
    wait.until(d -> eventTypes().contains("job.paused"));
    browser.get(base + "/#/jobs/broken");
    wait.until(
        d -> {
          d.findElement(By.cssSelector(".page-head button[data-action=resume]")).click();
          return true;
        });
    wait.until(d -> d.findElements(By.cssSelector("h1 [data-badge=paused]")).isEmpty());
    assertThat(api("/jobs/broken").path("pause").path("paused").asBoolean()).isFalse();
  }

  @Test
  @Order(10)
  void the_editor_creates_refuses_a_bad_cron_fires_edits_toggles_and_deletes_a_job()
      throws Exception {
    openGridSignedIn();
    // a file-owned job is read-only: no toggle on its card, and its page names its file
    assertThat(card("nightly-report").findElements(By.cssSelector("[data-action=disable]")))
        .isEmpty();
    assertThat(card("nightly-report").getText()).contains("nightly-report.yaml");
    browser.get(base + "/#/jobs/nightly-report");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("owner"), "nightly-report.yaml"));
    assertThat(browser.findElements(By.id("edit-job"))).isEmpty();

    openGridSignedIn();
    browser.findElement(By.id("new-job")).click();
    wait.until(ExpectedConditions.urlMatches("#/new$"));
    type("f-id", "edited-job");
    type("f-description", "Made in the console");
    type("f-cron", "61 * * * *");
    type("f-timezone", "UTC");
    new Select(browser.findElement(By.id("f-type"))).selectByValue("command");
    type("f-command", "/bin/echo\nhello from the editor");
    type("f-env", "TOKEN=${env:STATUS_TOKEN}");
    // the preview says the schedule does not read yet
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(By.id("preview-words"), "No preview"));
    browser.findElement(By.id("save")).click();
    // refused: the problem is next to the cron field, with the validator's path; nothing stored
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("f-cron-error")));
    String cronError = browser.findElement(By.id("f-cron-error")).getText();
    assertThat(cronError).startsWith("schedule.cron").contains("61 * * * *");
    assertThat(browser.findElement(By.id("f-cron")).getDomAttribute("aria-invalid"))
        .isEqualTo("true");
    assertThat(browser.findElement(By.id("form-problems")).getText()).contains("job_invalid_spec");
    assertThat(browser.findElement(By.id("f-timezone-error")).isDisplayed()).isFalse();
    assertThat(apiStatus("/jobs/edited-job")).isEqualTo(404);
    shot("14-editor-bad-cron");

    // fixed (every five seconds, Quartz's dialect): the preview shows its words and five fires
    type("f-cron", "*/5 * * * * ?");
    wait.until(d -> d.findElements(By.cssSelector("#preview-fires li")).size() == 5);
    assertThat(browser.findElement(By.id("preview-words")).getText()).contains("UTC");
    wait.until(d -> !d.findElement(By.id("f-cron-error")).isDisplayed());
    assertAccessibleNames();
    shot("15-editor-preview");
    browser.findElement(By.id("save")).click();
    wait.until(ExpectedConditions.urlMatches("#/jobs/edited-job$"));
    JsonNode saved = api("/jobs/edited-job");
    assertThat(saved.path("owner").asText()).isEqualTo("store");
    assertThat(saved.path("version").asInt()).isEqualTo(1);
    assertThat(saved.path("spec").path("task").path("env").path("TOKEN").asText())
        .isEqualTo("${env:STATUS_TOKEN}");
    // it fires: a scheduled run appears in the job page's history
    new WebDriverWait(browser, WAIT, Duration.ofSeconds(2))
        .until(
            d -> {
              d.navigate().refresh();
              signInIfAsked();
              new WebDriverWait(d, Duration.ofSeconds(10))
                  .until(ExpectedConditions.presenceOfElementLocated(By.id("versions")));
              return !runNumbers().isEmpty();
            });
    assertThat(browser.findElement(By.cssSelector("table.runs tbody")).getText())
        .contains("scheduled");
    assertThat(browser.findElements(By.cssSelector("#versions tbody tr"))).hasSize(1);

    // edit: the form holds the saved spec, the secret stays a reference; saving makes version 2
    browser.findElement(By.id("edit-job")).click();
    wait.until(ExpectedConditions.urlMatches("#/jobs/edited-job/edit$"));
    wait.until(ExpectedConditions.attributeToBe(By.id("f-id"), "value", "edited-job"));
    assertThat(browser.findElement(By.id("f-env")).getDomProperty("value"))
        .isEqualTo("TOKEN=${env:STATUS_TOKEN}");
    assertThat(browser.getPageSource()).doesNotContain(SECRET);
    type("f-description", "Edited in the console");
    type("f-timeout", "PT2M");
    browser.findElement(By.id("save")).click();
    wait.until(ExpectedConditions.urlMatches("#/jobs/edited-job$"));
    wait.until(d -> d.findElements(By.cssSelector("#versions tbody tr")).size() == 2);
    assertThat(
            browser.findElements(By.cssSelector("#versions tbody tr")).stream()
                .map(tr -> tr.getDomAttribute("data-version"))
                .toList())
        .containsExactly("2", "1");
    List<String> diff = List.of(browser.findElement(By.id("diff")).getText().split("\n"));
    assertThat(diff)
        .anyMatch(l -> l.startsWith("-") && l.contains("\"description\": \"Made in the console\""))
        .anyMatch(
            l -> l.startsWith("+") && l.contains("\"description\": \"Edited in the console\""))
        .anyMatch(l -> l.startsWith("+") && l.contains("\"timeout\": \"PT2M\""))
        .noneMatch(l -> l.startsWith("-") && l.contains("\"id\""));
    assertThat(browser.getPageSource()).doesNotContain(SECRET);
    shot("16-versions-diff");

    // disable and enable it from its card
    openGridSignedIn();
    press("edited-job", "disable");
    wait.until(
        d -> !card("edited-job").findElements(By.cssSelector("[data-action=enable]")).isEmpty());
    assertThat(card("edited-job").getText()).contains("disabled");
    assertThat(api("/jobs/edited-job").path("enabled").asBoolean()).isFalse();
    shot("17-disabled");
    press("edited-job", "enable");
    wait.until(
        d -> !card("edited-job").findElements(By.cssSelector("[data-action=disable]")).isEmpty());
    assertThat(api("/jobs/edited-job").path("enabled").asBoolean()).isTrue();
    assertThat(api("/jobs/edited-job/versions").path("versions")).hasSize(4);

    // delete it, after saying yes
    browser.get(base + "/#/jobs/edited-job");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("delete-job"))).click();
    wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("delete-confirm")));
    browser.findElement(By.id("delete-no")).click();
    assertThat(browser.findElement(By.id("delete-confirm")).isDisplayed()).isFalse();
    assertThat(apiStatus("/jobs/edited-job")).isEqualTo(200);
    browser.findElement(By.id("delete-job")).click();
    shot("18-delete-confirm");
    wait.until(ExpectedConditions.elementToBeClickable(By.id("delete-yes"))).click();
    wait.until(ExpectedConditions.urlMatches("#/$"));
    wait.until(
        d -> d.findElements(By.cssSelector("article.card[data-job-id='edited-job']")).isEmpty());
    assertThat(apiStatus("/jobs/edited-job")).isEqualTo(404);

    // the editor in a narrow window: one column, no sideways scrolling
    browser.manage().window().setSize(new Dimension(400, 900));
    browser.get(base + "/#/new");
    wait.until(d -> d.findElements(By.cssSelector("#preview-fires li")).size() == 5);
    assertNoSidewaysScrolling();
    assertThat(browser.findElement(By.id("preview")).getRect().getY())
        .isGreaterThan(browser.findElement(By.id("save")).getRect().getY());
    shot("19-narrow-editor");
  }

  /** Replaces the text of a form field. */
  private void type(String id, String text) {
    WebElement el = wait.until(ExpectedConditions.elementToBeClickable(By.id(id)));
    el.clear();
    el.sendKeys(text);
  }

  /** Opens the grid, signing in when the page asks for the token (a restored tab may not). */
  @Test
  @Order(11)
  void the_job_page_lists_a_backfill_with_its_progress_and_its_runs_name_it() throws Exception {
    HttpResponse<String> posted =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/nightly-report/backfill"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"from\": \"2026-03-27T00:00:00Z\", \"to\": \"2026-03-31T00:00:00Z\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(posted.statusCode()).as(posted.body()).isEqualTo(202);
    long id = JSON.readTree(posted.body()).path("backfillId").asLong();
    openGridSignedIn();
    browser.get(base + "/#/jobs/nightly-report");
    wait.until(
        d -> !d.findElements(By.cssSelector("#backfills table.backfills tbody tr")).isEmpty());
    WebElement row =
        browser.findElement(By.cssSelector("#backfills tr[data-backfill='" + id + "']"));
    assertThat(row.getText()).contains("#" + id);
    // the page shows the progress as it was when loaded: reload until every run has ended
    wait.until(
        d -> {
          d.navigate().refresh();
          return d
              .findElements(By.cssSelector("#backfills tr[data-backfill='" + id + "']"))
              .stream()
              .anyMatch(r -> r.getText().contains("4 of 4 ended"));
        });
    assertThat(browser.findElements(By.cssSelector("table.runs tbody td[data-label=Kind]")))
        .extracting(WebElement::getText)
        .contains("backfill #" + id);
    browser.findElement(By.cssSelector("#backfills tr[data-backfill='" + id + "'] a")).click();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.id("history-title"), "Runs of backfill #" + id));
    wait.until(d -> runNumbers().size() == 4);
    shot("11-backfill");
  }

  @Test
  @Order(12)
  void the_job_page_lists_the_jobs_it_runs_after_and_those_that_run_after_it() throws Exception {
    HttpResponse<String> put =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/jobs/after-report"))
                    .header("Authorization", "Bearer " + TOKEN)
                    .header("Content-Type", "application/yaml")
                    .PUT(
                        HttpRequest.BodyPublishers.ofString(
                            "after: [{ job: nightly-report, on: always }]\n"
                                + "task: { type: builtin, name: noop }\n"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(put.statusCode()).as(put.body()).isEqualTo(201);
    openGridSignedIn();
    browser.get(base + "/#/jobs/after-report");
    WebElement upstream =
        wait.until(
            d -> d.findElement(By.cssSelector("#after #upstream li[data-job='nightly-report']")));
    assertThat(upstream.getText()).contains("nightly-report").contains("on always");
    browser.get(base + "/#/jobs/nightly-report");
    WebElement downstream =
        wait.until(
            d -> d.findElement(By.cssSelector("#after #downstream li[data-job='after-report']")));
    assertThat(downstream.findElement(By.tagName("a")).getDomAttribute("href"))
        .isEqualTo("#/jobs/after-report");
    shot("12-after");
  }

  private void openGridSignedIn() {
    browser.get(base + "/");
    wait.until(
        d ->
            !d.findElements(By.id("token")).isEmpty()
                || !d.findElements(By.cssSelector("article.card")).isEmpty());
    signInIfAsked();
    wait.until(d -> !d.findElements(By.cssSelector("article.card")).isEmpty());
  }

  private void signInIfAsked() {
    if (!browser.findElements(By.id("token")).isEmpty()) {
      signIn(TOKEN);
    }
  }

  private int apiStatus(String path) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
                .header("Authorization", "Bearer " + TOKEN)
                .build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private void assertNoSidewaysScrolling() {
    Object overflow =
        browser.executeScript(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth");
    assertThat(((Number) overflow).intValue()).as("sideways overflow in px").isLessThanOrEqualTo(0);
  }

  private void signIn(String token) {
    WebElement input = wait.until(ExpectedConditions.elementToBeClickable(By.id("token")));
    input.clear();
    input.sendKeys(token);
    browser.findElement(By.cssSelector(".token-form button[type=submit]")).click();
  }

  /** Opens the grid, signing in when the tab has no token yet. */
  private void openGrid() {
    browser.get(base + "/");
    signIn(TOKEN);
    wait.until(d -> !d.findElements(By.cssSelector("article.card")).isEmpty());
  }

  private WebElement card(String id) {
    return browser.findElement(By.cssSelector("article.card[data-job-id='" + id + "']"));
  }

  /**
   * Presses a card's button (run, pause, resume). The grid re-renders its cards now and then: a
   * button that went stale before the click is looked up again.
   */
  private void press(String id, String action) {
    wait.until(
        d -> {
          card(id).findElement(By.cssSelector("button[data-action=" + action + "]")).click();
          return true;
        });
  }

  private String countdown(String id) {
    return card(id).findElement(By.cssSelector("[data-countdown]")).getText();
  }

  /** The run numbers (#3) in the history table of a job page. */
  private List<String> runNumbers() {
    return browser.findElements(By.cssSelector("table.runs tbody td:first-child a")).stream()
        .map(WebElement::getText)
        .toList();
  }

  private List<String> eventTypes() {
    return browser.findElements(By.cssSelector("#events li")).stream()
        .map(li -> li.getDomAttribute("data-type"))
        .toList();
  }

  /** Every button and link has a name, and the page has its landmarks. */
  private void assertAccessibleNames() {
    Object unnamed =
        browser.executeScript(
            "return [...document.querySelectorAll('button, a')]"
                + ".filter(e => !(e.getAttribute('aria-label') || e.textContent).trim())"
                + ".map(e => e.outerHTML)");
    assertThat((List<?>) unnamed).isEmpty();
    assertThat(browser.findElements(By.cssSelector("header[role=banner], main, nav[aria-label]")))
        .hasSize(3);
    assertThat(browser.findElements(By.cssSelector("[role=status][aria-live=polite]"))).hasSize(1);
  }

  private JsonNode api(String path) throws Exception {
    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1" + path))
                    .header("Authorization", "Bearer " + TOKEN)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private void shot(String name) {
    try {
      Files.write(SHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
