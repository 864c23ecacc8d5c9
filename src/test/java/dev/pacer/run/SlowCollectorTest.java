package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A collector that ignores interruption holds only its own thread and its own item: on a node with
 * a single worker, the stuck item's runs end at their timeout, the item runs again only once the
 * collector call has really ended (never two at once), and another item still runs on time.
 */
class SlowCollectorTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @Test
  void aCollectorIgnoringInterruptionHoldsNeitherTheWorkerNorOtherItems() throws Exception {
    Stubborn stubborn = new Stubborn(Duration.ofSeconds(4));
    try (TestingNode node =
        TestingNode.on(db)
            .set("scheduler.threads", "1")
            .collector(stubborn)
            .set("collector.default", "noop")
            .start()) {
      db.execute(
          "INSERT INTO pacer_item (item, collector, timeout_ms) VALUES ('stuck', 'stubborn', 300)");
      db.insertItems(1, "stuck", "steady");

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'stuck'") >= 2);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'steady'") >= 3);
    }

    // Each stuck run ended at its 300 ms timeout, though its collector went on for 4 s...
    List<Object> stuckErrors = db.column("SELECT error FROM pacer_run WHERE item = 'stuck'");
    assertThat(stuckErrors).hasSizeGreaterThanOrEqualTo(2).containsOnly("timeout");
    assertThat(millis("MAX(finished_at - started_at)", "stuck")).isLessThan(1_000);
    // ...but the next one waited until the collector call had ended...
    assertThat(stubborn.mostAtOnce.get()).isEqualTo(1);
    // ...and the single worker was free for the other item, on time.
    assertThat(db.column("SELECT outcome FROM pacer_run WHERE item = 'steady'"))
        .containsOnly("success");
    assertThat(millis("MAX(started_at - scheduled_at)", "steady")).isLessThan(1_000);
  }

  private static long millis(String expression, String item) throws Exception {
    String sql =
        "SELECT "
            + expression.replaceAll(
                "(\\w+_at) - (\\w+_at)", "TIMESTAMPDIFF(MICROSECOND, $2, $1) DIV 1000")
            + " FROM pacer_run WHERE item = ?";
    return ((Number) db.column(sql, item).get(0)).longValue();
  }

  /** Sleeps through interrupts for a fixed time, as a badly written collector would. */
  private static final class Stubborn implements Collector {
    private final Duration duration;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger mostAtOnce = new AtomicInteger();

    Stubborn(Duration duration) {
      this.duration = duration;
    }

    @Override
    public String name() {
      return "stubborn";
    }

    @Override
    public double collect(CollectRequest request) {
      mostAtOnce.accumulateAndGet(running.incrementAndGet(), Math::max);
      long end = System.nanoTime() + duration.toNanos();
      try {
        while (System.nanoTime() < end) {
          try {
            Thread.sleep(Math.max(1, (end - System.nanoTime()) / 1_000_000));
          } catch (InterruptedException ignored) {
            // carries on regardless
          }
        }
        return 1;
      } finally {
        running.decrementAndGet();
      }
    }
  }
}
