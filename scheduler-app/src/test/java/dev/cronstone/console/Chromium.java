package dev.cronstone.console;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium driven through Debian's chromedriver, both at fixed paths, so that
 * Selenium never looks for (or downloads) a browser or a driver of its own.
 */
final class Chromium {
  static final Path BROWSER = Path.of("/usr/bin/chromium");
  static final Path DRIVER = Path.of("/usr/bin/chromedriver");
  static final String SKIP_VARIABLE = "CRONSTONE_SKIP_BROWSER";

  private Chromium() {}

  /**
   * Fails with what to install when the browser or its driver is missing (browser test classes are
   * disabled instead when {@code CRONSTONE_SKIP_BROWSER=1}).
   */
  static void requireInstalled() {
    for (Path needed : new Path[] {BROWSER, DRIVER}) {
      if (!Files.isExecutable(needed)) {
        throw new AssertionError(
            needed
                + " is missing: the console's browser tests need Debian's chromium and"
                + " chromium-driver packages (apt-get install chromium chromium-driver; .ci/run"
                + " installs them). Set "
                + SKIP_VARIABLE
                + "=1 to skip these tests on a machine without them.");
      }
    }
  }

  /** A fresh headless browser with its own profile folder under {@code dir}. */
  static ChromeDriver start(Path dir, int width, int height) throws IOException {
    // Selenium Manager must never run: the driver and the browser are given explicitly.
    System.setProperty("webdriver.chrome.driver", DRIVER.toString());
    Path profile = Files.createTempDirectory(Files.createDirectories(dir), "chromium-profile-");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER.toFile());
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-quic",
        "--disable-dev-shm-usage",
        "--lang=en-US",
        "--window-size=" + width + "," + height,
        "--user-data-dir=" + profile);
    // the page's console messages, so that tests can see script errors and CSP refusals
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER.toFile())
            .usingAnyFreePort()
            .withLogFile(new File(dir.toFile(), "chromedriver.log"))
            .build();
    ChromeDriver driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
    driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
    return driver;
  }
}
