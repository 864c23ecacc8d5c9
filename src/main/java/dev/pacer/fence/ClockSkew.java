package dev.pacer.fence;

import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;

/**
 * This node's clock against the database's. Each lease renewal asks the database for its time and
 * notes this node's clocks before and after: the database read its clock somewhere in that round
 * trip, so at the round trip's middle the database's time was its answer, give or take half the
 * round trip. Of the last few samples the one with the shortest round trip counts. From it on, the
 * database's time is carried forward with this node's monotonic clock, which no one sets: so the
 * skew is known at every moment, and a jump of this node's wall clock (an operator, a bad NTP step)
 * shows at once, not only at the next renewal.
 */
@Singleton
public final class ClockSkew {
  private static final int SAMPLES = 5;

  private final Deque<Sample> samples = new ArrayDeque<>();
  private volatile Sample best;

  /** The database's time {@code database} at this node's monotonic {@code nanos}. */
  private record Sample(long database, long nanos, long roundTripMillis) {}

  /**
   * @param before this node's monotonic clock just before it asked
   * @param database the database's answer, epoch ms
   * @param after this node's monotonic clock once the answer came
   */
  public synchronized void sample(long before, long database, long after) {
    samples.addLast(
        new Sample(database, before + (after - before) / 2, (after - before) / 1_000_000));
    while (samples.size() > SAMPLES) {
      samples.removeFirst();
    }
    best = samples.stream().min(Comparator.comparingLong(Sample::roundTripMillis)).get();
  }

  /** Whether the database's time has been measured. */
  public boolean measured() {
    return best != null;
  }

  /** The database's time now, epoch ms, as carried forward from the best sample; -1 unmeasured. */
  public long databaseMillis() {
    Sample sample = best;
    return sample == null ? -1 : sample.database + (System.nanoTime() - sample.nanos) / 1_000_000;
  }

  /** This node's wall clock minus the database's, now; positive when ahead; zero unmeasured. */
  public Duration skew() {
    long database = databaseMillis();
    return database < 0 ? Duration.ZERO : Duration.ofMillis(System.currentTimeMillis() - database);
  }

  /** Half the round trip of the sample the database's time comes from: how far off it may be. */
  public Duration uncertainty() {
    Sample sample = best;
    return Duration.ofMillis(sample == null ? 0 : sample.roundTripMillis / 2);
  }

  /** Whether the clock is off by more than {@code bound}, even allowing for the uncertainty. */
  public boolean exceeds(Duration bound) {
    return measured() && Math.abs(skew().toMillis()) - uncertainty().toMillis() > bound.toMillis();
  }
}
