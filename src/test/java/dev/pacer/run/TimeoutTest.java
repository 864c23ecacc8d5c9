package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Every run has a timeout; a collector that ignores interruption costs a thread, not a worker. */
class TimeoutTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private final AtomicBoolean released = new AtomicBoolean();

  /** "stubborn" items spin, swallowing interrupts, until the test ends; others return at once. */
  private final TestingCollector stubbornOrQuick =
      new TestingCollector(
          "stubborn-or-quick",
          item -> {
            while (item.startsWith("stubborn") && !released.get()) {
              try {
                Thread.sleep(50);
              } catch (InterruptedException ignored) {
                // a badly written collector
              }
            }
            return 1;
          });

  @AfterEach
  void release() {
    released.set(true);
  }

  @Test
  void stubbornCollectorsTimeOutWithoutExhaustingWorkersAndHoldOnlyTheirOwnItems()
      throws Exception {
    for (int i = 0; i < 4; i++) {
      db.execute("INSERT INTO pacer_item (item, timeout_ms) VALUES ('stubborn" + i + "', 300)");
    }
    db.insertItems(1, "stubborn0", "stubborn1", "stubborn2", "stubborn3", "steady");

    // Two workers for five items: stubborn collectors would starve them if they held a worker.
    try (TestingNode node =
        TestingNode.on(db).collector(stubbornOrQuick).set("scheduler.threads", "2").start()) {
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'steady'") >= 5);
      // A stubborn collector still runs: its item does not run again meanwhile (no overlap).
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item LIKE 'stubborn%'"))
          .isEqualTo(4);

      released.set(true);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM (SELECT item FROM pacer_run"
                              + " WHERE item LIKE 'stubborn%' GROUP BY item HAVING COUNT(*) >= 2) x")
                      == 4);
    }

    assertThat(
            db.column(
                "SELECT DISTINCT error FROM pacer_run WHERE item LIKE 'stubborn%' AND error IS NOT"
                    + " NULL"))
        .containsExactly("timeout");
    assertThat(
            db.count(
                "SELECT MAX(TIMESTAMPDIFF(MICROSECOND, started_at, finished_at)) FROM pacer_run"
                    + " WHERE item LIKE 'stubborn%'"))
        .as("a worker is free right after the timeout")
        .isBetween(300_000L, 1_000_000L);
    assertThat(db.column("SELECT DISTINCT outcome FROM pacer_run WHERE item = 'steady'"))
        .containsExactly("success");
  }
}
