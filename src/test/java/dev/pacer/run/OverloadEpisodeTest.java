package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.LogCapture;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A record backlog that hovers about its bound is one episode: one WARN when it starts, one INFO
 * once the node has kept up for {@value Overload#CALM_SECONDS} s, however often it crosses the
 * bound meanwhile. Readiness follows the backlog as it is.
 */
class OverloadEpisodeTest {
  @RegisterExtension final LogCapture log = LogCapture.of(Overload.class);

  @Test
  void aBacklogHoveringAboutItsBoundIsOneEpisode() throws Exception {
    AtomicInteger queued = new AtomicInteger();
    AtomicLong now = new AtomicLong(1_000_000_000L);
    try (CollectorThreads threads = new CollectorThreads(2)) {
      Overload overload = new Overload(threads, queued::get, () -> 0, now::get);
      for (int second = 0; second < 20; second++) {
        queued.set(second % 2 == 0 ? 6_000 : 10); // above the bound every other second
        assertThat(overload.problems()).hasSize(second % 2 == 0 ? 1 : 0);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
      }
      queued.set(10);
      for (int i = 0; i < 10; i++) {
        overload.problems();
        now.addAndGet(Duration.ofMillis(400).toNanos()); // the last 4 s since the backlog went
      }
      assertThat(log.messages()).noneMatch(m -> m.contains("keeps up again"));
      now.addAndGet(Duration.ofSeconds(2).toNanos());
      overload.problems();
    }
    assertThat(log.messages())
        .filteredOn(m -> m.contains("does not keep up"))
        .singleElement()
        .asString()
        .contains("6000 wait to be recorded");
    assertThat(log.messages()).filteredOn(m -> m.contains("keeps up again")).hasSize(1);
  }
}
