package dev.pacer.node;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.HistoryRow;
import dev.pacer.history.HistoryTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The seed's mock data: items item0..itemN-1, interval 10 s, last run now. */
@Singleton
public final class DemoData {
  private static final Logger log = LoggerFactory.getLogger(DemoData.class);

  private final HistoryTable history;
  private final Clock clock;

  @Inject
  public DemoData(HistoryTable history, Clock clock) {
    this.history = requireNonNull(history);
    this.clock = requireNonNull(clock);
  }

  /** Inserts {@code count} demo items if the history table has no rows. */
  public boolean loadIfEmpty(int count) throws SQLException {
    if (history.count() > 0) {
      return false;
    }
    Instant now = clock.instant();
    List<HistoryRow> rows = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      rows.add(new HistoryRow("item" + i, now, 10));
    }
    history.insert(rows);
    log.info(
        "Loaded {} demo items (item0..item{}, every 10 s) into {}",
        count,
        count - 1,
        history.name());
    return true;
  }
}
