package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Runs that end while the database is away are kept and recorded, once, when it answers again,
 * whether the outage was short or outlasted the node's self-fence deadline (the node then rejoins
 * after recording them): the outage is reported once, with no line per run and no wait per run for
 * a connection, and the node then stops at once. A fenced node rejoins only once they are recorded.
 */
class RunsDuringOutageTest {
  private static final int ITEMS = 30;

  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  @RegisterExtension final LogCapture log = LogCapture.of("ROOT");

  @ParameterizedTest(name = "fenced meanwhile: {0}")
  @ValueSource(booleans = {false, true})
  void runsEndingWhileTheDatabaseIsAwayAreRecordedOnceItReturns(boolean fenced) throws Exception {
    // Each case starts without the other's triggers and in-flight runs.
    db.clearItemsAndScheduler();
    // Due in 5 s: not yet late, so not spread out like a backlog.
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval)"
            + IntStream.range(0, ITEMS)
                .mapToObj(i -> "('held" + i + "', NOW() - INTERVAL 55 SECOND, 60)")
                .collect(Collectors.joining(", ", " VALUES ", "")));
    AtomicInteger collecting = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TestingCollector held = held(collecting, release);
    TestingServer server = TestingServer.get();
    long stopping;
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port());
        TestingNode node = behind(proxy, held)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> collecting.get() == ITEMS);

      proxy.cut();
      release.countDown();
      // Each run has tried to record itself once it counts as done.
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> node.http("/metrics").body().contains(succeeded(ITEMS)));
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run")).isZero();
      if (fenced) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !messages("fenced itself").isEmpty());
      }
      proxy.restore();

      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run") == ITEMS);
      assertThat(db.count("SELECT COUNT(DISTINCT item) FROM pacer_run WHERE outcome = 'success'"))
          .isEqualTo(ITEMS);
      assertThat(db.count("SELECT COUNT(*) FROM history WHERE result = 1")).isEqualTo(ITEMS);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> !messages("ended while the database was away").isEmpty());
      assertThat(messages("ended while the database was away"))
          .singleElement()
          .asString()
          .startsWith("Recorded " + ITEMS + " runs");
      assertThat(messages("unreachable")).hasSize(1);
      assertThat(messages("could not be recorded")).isEmpty();
      if (fenced) {
        await().atMost(Duration.ofSeconds(30)).until(() -> !messages("rejoined").isEmpty());
      }
      stopping = System.nanoTime();
    }
    // Quartz's default retry interval held the node's workers for 15 s here (14.6 and 15.0 s).
    assertThat(Duration.ofNanos(System.nanoTime() - stopping)).isLessThan(Duration.ofSeconds(8));
    assertThat(messages("could not hand back")).isEmpty();
    assertThat(db.count("SELECT COUNT(*) FROM pacer_run"))
        .as("each recorded once")
        .isEqualTo(ITEMS);
  }

  /**
   * The database answers the node's lease again, but not yet the record of its runs (here a trigger
   * on the run log answers as if the connection were lost): the node waits to rejoin until they are
   * recorded. Had it rejoined, the others could take its earlier incarnation's claims over and run
   * those slots again.
   */
  @Test
  void aFencedNodeRejoinsOnlyOnceItsRunsAreRecorded() throws Exception {
    db.clearItemsAndScheduler();
    db.execute(
        "INSERT INTO history (item, last_execution_time, execution_interval) VALUES"
            + " ('late1', NOW() - INTERVAL 55 SECOND, 60), ('late2', NOW() - INTERVAL 55 SECOND, 60)");
    AtomicInteger collecting = new AtomicInteger();
    CountDownLatch release = new CountDownLatch(1);
    TestingCollector held = held(collecting, release);
    TestingServer server = TestingServer.get();
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port());
        TestingNode node = behind(proxy, held)) {
      await().atMost(Duration.ofSeconds(30)).until(() -> collecting.get() == 2);
      proxy.cut();
      release.countDown();
      await().atMost(Duration.ofSeconds(30)).until(() -> !messages("fenced itself").isEmpty());
      db.execute(
          "CREATE TRIGGER pacer_run_unreachable BEFORE INSERT ON pacer_run FOR EACH ROW"
              + " SIGNAL SQLSTATE '08S01' SET MESSAGE_TEXT = 'the run log is unreachable'");
      try {
        proxy.restore();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> messages("Waiting to rejoin until 2 runs").size() >= 2);
        assertThat(messages("rejoined")).isEmpty();
      } finally {
        db.execute("DROP TRIGGER pacer_run_unreachable");
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> !messages("rejoined").isEmpty());
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE outcome = 'success'")).isEqualTo(2);
      assertThat(messages("ended while the database was away", "joined as incarnation 2"))
          .hasSize(2)
          .first()
          .asString()
          .startsWith("Recorded 2 runs");
    }
  }

  /** A collector that counts its collections and holds each until {@code release} opens. */
  private static TestingCollector held(AtomicInteger collecting, CountDownLatch release) {
    return new TestingCollector(
        "held",
        item -> {
          collecting.incrementAndGet();
          release.await();
          return 1;
        });
  }

  /** A node that reaches the database through the proxy, giving up on a connection after 1 s. */
  private static TestingNode behind(TestingProxy proxy, TestingCollector collector)
      throws Exception {
    return TestingNode.on(db)
        .collector(collector)
        .set("db.url", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name())
        .set("db.connect-timeout", "1s")
        .start();
  }

  private static String succeeded(int runs) {
    return "pacer_runs_total{outcome=\"success\"} " + runs + ".0";
  }

  /** Messages logged at INFO or above that contain one of these texts, in the order logged. */
  private List<String> messages(String... texts) {
    return log.events().stream()
        .filter(e -> e.getLevel().isGreaterOrEqual(Level.INFO))
        .map(ILoggingEvent::getFormattedMessage)
        .filter(message -> java.util.Arrays.stream(texts).anyMatch(message::contains))
        .toList();
  }
}
