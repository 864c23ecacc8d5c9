package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.pacer.testing.LogCapture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When collectors that ignore their interruption (a FIFO read, a hung driver) hold every collector
 * thread, a further collection is refused at once and the node says so: not ready, one WARN naming
 * the cause, and ready again once a thread is free. (On JDK 21 and later collectors run on virtual
 * threads, which have no cap.)
 */
class CollectorThreadsFullTest {
  @RegisterExtension final LogCapture log = LogCapture.of(Overload.class);

  @Test
  void everyThreadTakenRefusesMoreAndMakesTheNodeNotReady() throws Exception {
    try (CollectorThreads threads = new CollectorThreads(2)) {
      assumeTrue(threads.cap() == 2, "collectors run on virtual threads here (JDK 21+)");
      Overload overload = new Overload(threads, () -> 0, () -> 0);
      CountDownLatch release = new CountDownLatch(1);
      CountDownLatch started = new CountDownLatch(2);
      for (int i = 0; i < 2; i++) {
        threads.execute(
            () -> {
              started.countDown();
              awaitQuietly(release);
            });
      }
      started.await();

      assertThatThrownBy(() -> threads.execute(() -> {}))
          .isInstanceOf(RejectedExecutionException.class);
      assertThat(overload.problems())
          .singleElement()
          .asString()
          .startsWith("collectors: every collector thread is busy (2)");
      assertThat(log.messages()).anyMatch(m -> m.contains("does not keep up"));

      release.countDown();
      org.awaitility.Awaitility.await().until(() -> overload.problems().isEmpty());
      org.awaitility.Awaitility.await() // once the node has kept up a while
          .until(
              () ->
                  overload.problems().isEmpty()
                      && log.messages().stream().anyMatch(m -> m.contains("keeps up again")));
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
