package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.history.HistoryRow;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FirstFireTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
  private static final Duration SPREAD = Duration.ofMinutes(1);

  @Test
  void keepsThePhaseOfTheLastRun() {
    HistoryRow row = new HistoryRow("a", NOW.minusSeconds(3), 10);

    assertThat(FirstFire.of(row, NOW, SPREAD)).isEqualTo(NOW.plusSeconds(7));
  }

  @Test
  void overdueItemsStartWithinTheirIntervalSpreadByName() {
    Instant first = FirstFire.of(new HistoryRow("a", NOW.minusSeconds(100), 10), NOW, SPREAD);
    Instant second = FirstFire.of(new HistoryRow("b", NOW.minusSeconds(100), 10), NOW, SPREAD);

    assertThat(first).isBetween(NOW, NOW.plusSeconds(10)).isNotEqualTo(second);
    assertThat(FirstFire.of(new HistoryRow("a", NOW.minusSeconds(100), 10), NOW, SPREAD))
        .as("deterministic")
        .isEqualTo(first);
  }

  @Test
  void spreadIsCappedForLongIntervals() {
    for (int i = 0; i < 100; i++) {
      HistoryRow row = new HistoryRow("item" + i, NOW.minus(Duration.ofDays(2)), 86_400);
      assertThat(FirstFire.of(row, NOW, SPREAD)).isBetween(NOW, NOW.plus(SPREAD));
    }
  }

  @Test
  void aMissingLastRunCountsAsOverdue() {
    assertThat(FirstFire.of(new HistoryRow("a", null, 5), NOW, SPREAD))
        .isBetween(NOW, NOW.plusSeconds(5));
  }

  @Test
  void theLargestIntervalDoesNotOverflow() {
    HistoryRow row = new HistoryRow("a", NOW, Integer.MAX_VALUE);

    assertThat(FirstFire.of(row, NOW, SPREAD)).isEqualTo(NOW.plusSeconds(Integer.MAX_VALUE));
  }
}
