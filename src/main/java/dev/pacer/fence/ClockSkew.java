package dev.pacer.fence;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * How far this node's clock is off the database's. Each lease renewal asks the database for its
 * time and notes this node's clock before and after: the database read its clock somewhere in that
 * round trip, so the skew is this node's clock at the round trip's middle minus the database's,
 * give or take half the round trip. Of the last few samples the one with the shortest round trip
 * counts, so one slow answer does not make a skew.
 */
@Singleton
public final class ClockSkew {
  private static final int SAMPLES = 5;

  private final Deque<Sample> samples = new ArrayDeque<>();
  private volatile long skewMillis;
  private volatile long errorMillis = -1;

  private record Sample(long skewMillis, long roundTripMillis) {}

  /**
   * @param before this node's clock just before it asked, epoch ms
   * @param database the database's answer, epoch ms
   * @param after this node's clock once the answer came, epoch ms
   */
  public synchronized void sample(long before, long database, long after) {
    samples.addLast(new Sample((before + after) / 2 - database, Math.max(0, after - before)));
    while (samples.size() > SAMPLES) {
      samples.removeFirst();
    }
    Sample best =
        samples.stream().min((a, b) -> Long.compare(a.roundTripMillis, b.roundTripMillis)).get();
    skewMillis = best.skewMillis;
    errorMillis = best.roundTripMillis / 2;
  }

  /** Positive when this node's clock is ahead of the database's; zero until measured. */
  public Duration skew() {
    return Duration.ofMillis(skewMillis);
  }

  /** Whether any sample has been taken. */
  public boolean measured() {
    return errorMillis >= 0;
  }

  /** Half the round trip of the sample the skew comes from: how far off the skew may be. */
  public Duration uncertainty() {
    return Duration.ofMillis(Math.max(0, errorMillis));
  }

  /** Whether the clock is off by more than {@code bound}, even allowing for the uncertainty. */
  public boolean exceeds(Duration bound) {
    return measured() && Math.abs(skewMillis) - Math.max(0, errorMillis) > bound.toMillis();
  }
}
