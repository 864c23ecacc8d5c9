package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.ChangeLog;
import dev.pacer.history.HistoryRow;
import dev.pacer.history.HistoryTable;
import dev.pacer.history.HistoryTable.Checksum;
import jakarta.inject.Inject;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code sync.change-capture=checksum}: where the database can checksum rows (MySQL, MariaDB), a
 * tick is one aggregate query over the table (checksums of its rows in buckets) and, after a
 * change, a read of the changed buckets, by primary key where it can; on the embedded database
 * every tick reads every row. Pacer's triggers, if an earlier configuration left them on the table,
 * are dropped.
 */
final class ChecksumFeed implements ChangeFeed {
  /** Logged under the sync's logger, where operators look for what the sync did. */
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  private final HistoryTable history;
  private final ChangeLog changeLog;
  private Map<Integer, Checksum> checksums = Map.of();

  @Inject
  ChecksumFeed(HistoryTable history, ChangeLog changeLog) {
    this.history = requireNonNull(history);
    this.changeLog = requireNonNull(changeLog);
  }

  @Override
  public void prepare() throws SQLException {
    if (history.detectsChanges() && changeLog.installed() > 0) {
      changeLog.uninstall();
      log.info("Dropped Pacer's triggers on {} (sync.change-capture=checksum)", history.name());
    }
  }

  @Override
  public Changed changed(boolean all, Mirror mirror) throws SQLException {
    if (!history.detectsChanges()) {
      return Changed.all(history.readAll(), List.of());
    }
    Map<Integer, Checksum> before = checksums;
    checksums = history.checksums();
    if (all) {
      return Changed.all(history.readAll(), List.of());
    }
    if (checksums.equals(before)) {
      return Changed.NONE;
    }
    Set<Integer> buckets = changedBuckets(before, checksums);
    Set<String> scope = mirror.keysIn(buckets);
    return new Changed(readChanged(buckets, scope, mirror), scope, List.of());
  }

  @Override
  public void forget(Changed applied) {}

  /**
   * The rows of the changed buckets. The items the mirror knows in them ({@code keys}) are looked
   * up by primary key; a bucket where as many rows are found as it holds (after an UPDATE or a
   * DELETE) is complete, any other (an INSERT, a renamed item, a row with an invalid interval) is
   * scanned.
   */
  private List<HistoryRow> readChanged(Set<Integer> buckets, Set<String> keys, Mirror mirror)
      throws SQLException {
    List<String> known = keys.stream().map(key -> mirror.get(key).item()).toList();
    Map<Integer, Map<String, HistoryRow>> found = new HashMap<>();
    for (HistoryRow row : history.readItems(known)) {
      found.computeIfAbsent(row.bucket(), bucket -> new HashMap<>()).put(row.item(), row);
    }
    List<HistoryRow> rows = new ArrayList<>();
    Set<Integer> scan = new HashSet<>();
    for (int bucket : buckets) {
      Map<String, HistoryRow> inBucket = found.getOrDefault(bucket, Map.of());
      if (inBucket.size() == rowsIn(bucket)) {
        rows.addAll(inBucket.values());
      } else {
        scan.add(bucket);
      }
    }
    if (!scan.isEmpty()) {
      rows.addAll(history.read(scan));
    }
    return rows;
  }

  private long rowsIn(int bucket) {
    Checksum sum = checksums.get(bucket);
    return sum == null ? 0 : sum.rows();
  }

  private static Set<Integer> changedBuckets(
      Map<Integer, Checksum> before, Map<Integer, Checksum> now) {
    Set<Integer> changed = new HashSet<>();
    for (int bucket = 0; bucket < HistoryTable.BUCKETS; bucket++) {
      if (!Objects.equals(before.get(bucket), now.get(bucket))) {
        changed.add(bucket);
      }
    }
    return changed;
  }
}
