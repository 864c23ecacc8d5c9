package dev.pacer.dashboard;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

/**
 * Debian's Chromium, headless, driven by Debian's chromedriver. Both are named explicitly, so
 * Selenium never tries to download a browser or a driver; a machine without them fails the test
 * with a message saying what to install. The browser runs in {@link #TIME_ZONE}, not the machine's,
 * and keeps its console (script errors, refused content) for {@link #consoleErrors()}.
 */
final class HeadlessChromium implements AutoCloseable {
  private static final File BROWSER = new File("/usr/bin/chromium");
  private static final File DRIVER = new File("/usr/bin/chromedriver");

  /** The browser's local time zone: not UTC, and half an hour off every whole-hour zone. */
  static final String TIME_ZONE = "Asia/Kolkata";

  private final Path profile;
  private final ChromeDriver driver;

  HeadlessChromium() throws IOException {
    if (!BROWSER.canExecute() || !DRIVER.canExecute()) {
      throw new IllegalStateException(
          "the dashboard test needs Debian's chromium and chromedriver:"
              + " apt-get install chromium chromium-driver");
    }
    profile = Files.createTempDirectory("pacer-chromium");
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BROWSER);
    options.addArguments(
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1400,900",
        "--user-data-dir=" + profile);
    options.setCapability("goog:loggingPrefs", Map.of(LogType.BROWSER, "ALL"));
    ChromeDriverService service =
        new ChromeDriverService.Builder()
            .usingDriverExecutable(DRIVER)
            .usingAnyFreePort()
            .withLogOutput(java.io.OutputStream.nullOutputStream())
            .withEnvironment(Map.of("TZ", TIME_ZONE))
            .build();
    driver = new ChromeDriver(service, options);
    driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
  }

  ChromeDriver driver() {
    return driver;
  }

  /** The console's errors since the last call: a script that failed, content the page refused. */
  List<String> consoleErrors() {
    return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
        .filter(entry -> entry.getLevel().intValue() >= Level.SEVERE.intValue())
        .map(LogEntry::getMessage)
        .toList();
  }

  @Override
  public void close() throws IOException {
    try {
      driver.quit();
    } finally {
      try (Stream<Path> files = Files.walk(profile)) {
        files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
      }
    }
  }
}
