package dev.pacer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The dashboard in a real (headless) browser, on a real running node. */
class DashboardBrowserTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static final String HOSTILE = "<img src=x onerror=alert(1)>";

  @Test
  void listsTheItemsOfARunningNodeWithChartsAndRefreshesItself() throws Exception {
    AtomicInteger counter = new AtomicInteger();
    TestingCollector collector =
        new TestingCollector(
            "probe",
            item -> {
              if (item.equals("broken")) {
                throw new IllegalStateException("no route to host");
              }
              return 100 + counter.incrementAndGet() % 7;
            });
    try (TestingNode node =
            TestingNode.on(db)
                .set("db.pool-size", "10")
                .set("node.id", "dash")
                .collector(collector)
                .start();
        HeadlessChromium chromium = new HeadlessChromium()) {
      db.insertItems(1, "disk", "broken", HOSTILE);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'disk'") >= 4);
      await().until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'broken'") >= 2);

      ChromeDriver browser = chromium.driver();
      browser.get("http://127.0.0.1:" + node.httpPort() + "/");
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(15));
      wait.until(b -> b.findElements(By.cssSelector("#items tr.item")).size() == 3);

      assertThat(browser.getTitle()).isEqualTo("Pacer");
      assertThat(texts(browser, "#items td.name")).containsExactly("broken", HOSTILE, "disk");
      assertThat(browser.findElements(By.tagName("img")))
          .as("an item name became markup")
          .isEmpty();
      WebElement broken = row(browser, "broken");
      assertThat(broken.getAttribute("class")).contains("failing");
      assertThat(Integer.parseInt(broken.findElement(By.cssSelector("td.failures")).getText()))
          .isGreaterThanOrEqualTo(2);
      assertThat(broken.findElements(By.cssSelector("svg.chart circle.failed"))).isNotEmpty();
      WebElement disk = row(browser, "disk");
      assertThat(disk.getAttribute("class")).doesNotContain("failing");
      String points = disk.findElement(By.cssSelector("svg.chart polyline")).getAttribute("points");
      assertThat(points.split(" ")).hasSizeGreaterThanOrEqualTo(3);
      assertThat(texts(browser, "#members tbody td")).startsWith("dash", "up");

      String updated = browser.findElement(By.id("updated")).getText();
      Files.write(Path.of("target", "dashboard.png"), browser.getScreenshotAs(OutputType.BYTES));
      wait.until(b -> !b.findElement(By.id("updated")).getText().equals(updated));
    }
  }

  private static List<String> texts(ChromeDriver browser, String css) {
    return browser.findElements(By.cssSelector(css)).stream().map(WebElement::getText).toList();
  }

  private static WebElement row(ChromeDriver browser, String item) {
    for (WebElement row : browser.findElements(By.cssSelector("#items tr.item"))) {
      if (row.findElement(By.cssSelector("td.name")).getText().equals(item)) {
        return row;
      }
    }
    throw new AssertionError("no row for " + item);
  }
}
