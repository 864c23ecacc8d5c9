package dev.pacer.history;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * One row of the history table. A row Pacer can schedule has a name and an interval of 1 to {@link
 * Integer#MAX_VALUE} seconds; any other row has a {@code problem} saying why it cannot be
 * scheduled, for the warning that names it ({@link HistoryRows} reads rows that way whatever the
 * column types). {@code lastExecution} is null if the column is (or holds MySQL's zero date): such
 * an item has never run.
 *
 * @param item null only in a row with a problem
 * @param intervalSeconds 0 in a row whose interval is not a number of seconds
 * @param bucket which of {@link HistoryTable#BUCKETS} change-detection buckets the row is in, or -1
 *     where the database does not tell
 * @param problem why the row cannot be scheduled, null if it can
 */
public record HistoryRow(
    String item, Instant lastExecution, int intervalSeconds, int bucket, String problem) {
  /** How far ahead of now a last run is before it is called a mistake, beyond one interval. */
  private static final Duration AHEAD = Duration.ofDays(1);

  public HistoryRow {
    if (problem == null) {
      requireNonNull(item);
    }
  }

  public HistoryRow(String item, Instant lastExecution, int intervalSeconds, int bucket) {
    this(
        item, lastExecution, intervalSeconds, bucket, HistoryRows.intervalProblem(intervalSeconds));
  }

  public HistoryRow(String item, Instant lastExecution, int intervalSeconds) {
    this(item, lastExecution, intervalSeconds, -1);
  }

  /** Whether Pacer can schedule the row. */
  public boolean usable() {
    return problem == null;
  }

  /** The row as a log line names it: the item, printable, or "a row with a NULL item". */
  public String subject() {
    return item == null ? "a row with a NULL item" : ItemNames.printable(item);
  }

  /**
   * Whether {@code last_execution_time} is more than an interval and a day ahead of {@code now}: a
   * clock or a typing mistake that would leave the item idle until then.
   */
  public boolean lastRunFarAhead(Instant now) {
    return lastExecution != null
        && lastExecution.isAfter(now.plus(AHEAD).plusSeconds(Math.max(0, intervalSeconds)));
  }

  /** The same row, unusable for this reason. */
  HistoryRow withProblem(String why) {
    return new HistoryRow(item, lastExecution, intervalSeconds, bucket, why);
  }
}
