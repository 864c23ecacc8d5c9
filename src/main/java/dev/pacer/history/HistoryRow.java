package dev.pacer.history;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * One monitoring item as the user keeps it. {@code lastExecution} is null only if the column is.
 *
 * @param bucket which of {@link HistoryTable#BUCKETS} change-detection buckets the row is in, or -1
 *     where the database does not tell
 */
public record HistoryRow(String item, Instant lastExecution, int intervalSeconds, int bucket) {
  public HistoryRow {
    requireNonNull(item);
  }

  public HistoryRow(String item, Instant lastExecution, int intervalSeconds) {
    this(item, lastExecution, intervalSeconds, -1);
  }

  public boolean hasValidInterval() {
    return intervalSeconds > 0;
  }
}
