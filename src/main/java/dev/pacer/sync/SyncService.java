package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.fence.Claims;
import dev.pacer.fence.NodeLease;
import dev.pacer.history.ChangeLog;
import dev.pacer.history.ChangeLog.Change;
import dev.pacer.history.HistoryRow;
import dev.pacer.history.HistoryTable;
import dev.pacer.history.HistoryTable.Checksum;
import dev.pacer.history.ItemNames;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.SettingsCache;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.Mirror.Entry;
import dev.pacer.sync.SyncConfig.ChangeCapture;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.SchedulerException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mirrors the history table into Quartz: every tick compares the rows with what is scheduled and
 * adds, reschedules, pauses or removes items. The sync lease makes one node at a time do it; that
 * leader keeps what is scheduled in memory and reads only the rows that changed. By default it
 * finds them where the database can checksum rows (MySQL, MariaDB): a tick is one aggregate query
 * over the table (checksums of its rows in buckets) and, after a change, a read of the changed
 * buckets, by primary key where it can. With {@code sync.change-capture=triggers} the table's
 * triggers log each change ({@link ChangeLog}) and a tick reads the log and the rows it names by
 * primary key, whatever the number of items.
 */
@Singleton
public final class SyncService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);
  private static final int BATCH = 500;

  /** Even a leader that saw no change compares everything this often, in case of drift. */
  private static final Duration FULL_SYNC = Duration.ofMinutes(5);

  /** The change log's rows one tick applies at most; more wait for the next. */
  private static final int CHANGES_PER_TICK = 10_000;

  private final SyncConfig config;
  private final Database database;
  private final HistoryTable history;
  private final ChangeLog changeLog;
  private final Schedule schedule;
  private final SettingsCache settings;
  private final NodeLease lease;
  private final Claims claims;
  private final PacerScheduler scheduler;
  private final Set<SyncListener> listeners;
  private final Clock clock;
  private final Duration spreadMax;
  private final String node;
  private final RowWarnings warnings = new RowWarnings();
  private final Mirror mirror = new Mirror();
  private Map<Integer, Checksum> checksums = Map.of();
  private boolean readsChangeLog;
  private boolean settingsUnapplied;
  private boolean changeLogWarned;
  private volatile boolean leading;
  private Instant nextFullSync = Instant.MIN;
  private ScheduledExecutorService timer;
  private boolean lastTickFailed;

  @Inject
  public SyncService(
      SyncConfig config,
      Database database,
      HistoryTable history,
      ChangeLog changeLog,
      Schedule schedule,
      SettingsCache settings,
      NodeLease lease,
      Claims claims,
      PacerScheduler scheduler,
      ClusterConfig cluster,
      Set<SyncListener> listeners,
      Clock clock) {
    this.config = requireNonNull(config);
    this.database = requireNonNull(database);
    this.history = requireNonNull(history);
    this.changeLog = requireNonNull(changeLog);
    this.schedule = requireNonNull(schedule);
    this.settings = requireNonNull(settings);
    this.lease = requireNonNull(lease);
    this.claims = requireNonNull(claims);
    this.scheduler = requireNonNull(scheduler);
    this.listeners = Set.copyOf(listeners);
    this.clock = requireNonNull(clock);
    this.node = scheduler.nodeId();
    this.spreadMax = cluster.getSpreadMax();
  }

  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pacer-sync");
              thread.setDaemon(true);
              return thread;
            });
    timer.scheduleWithFixedDelay(
        this::tickQuietly, 0, config.getInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickQuietly() {
    try {
      tick();
      if (lastTickFailed) {
        log.info("Sync works again");
      }
      lastTickFailed = false;
    } catch (SQLException | SchedulerException | RuntimeException e) {
      // A lost database is reported once, by the database watch.
      if (!lastTickFailed && !Database.lostConnection(e)) {
        log.warn(
            "Sync failed, retrying every {} ms: {}",
            config.getInterval().toMillis(),
            Database.reason(e));
        lastTickFailed = true;
      }
    }
  }

  /**
   * Refreshes this node's copy of the item settings and, if this node holds the lease, compares the
   * history table with the scheduled jobs.
   */
  public synchronized SyncReport tick() throws SQLException, SchedulerException {
    long started = System.nanoTime();
    SyncReport report = leaderTick();
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    for (SyncListener listener : listeners) {
      try {
        listener.onTick(report, took);
      } catch (RuntimeException e) {
        log.warn("Sync listener {} failed: {}", listener.getClass().getSimpleName(), e.toString());
      }
    }
    return report;
  }

  private SyncReport leaderTick() throws SQLException, SchedulerException {
    boolean settingsChanged = settings.refresh();
    if (!lease.active() || !scheduler.isRunning()) {
      leading = false; // fenced, or rejoining: the others sync
      return SyncReport.NOT_LEADER;
    }
    Instant now = clock.instant();
    if (!SyncLease.acquire(database, node, leaseTtl())) {
      leading = false;
      return SyncReport.NOT_LEADER;
    }
    try {
      SyncReport report = reconcile(now, settingsChanged);
      leading = true;
      return report;
    } catch (SQLException | SchedulerException | RuntimeException e) {
      leading = false; // the mirror may be off: the next tick starts from the tables
      throw e;
    }
  }

  private Duration leaseTtl() {
    return config.getInterval().multipliedBy(3).plusSeconds(2);
  }

  /** Keeps the sync lease through a long tick (its batches), so no other node starts one. */
  private void renewLease() throws SQLException {
    SyncLease.acquire(database, node, leaseTtl());
  }

  /**
   * Compares history rows with what is scheduled and applies the difference. A node that just
   * became the leader (or every {@link #FULL_SYNC} anyway) loads what is scheduled and compares
   * every row; otherwise only the rows that changed are read and compared: those the change log
   * names, or those of the buckets whose checksum changed.
   */
  private SyncReport reconcile(Instant now, boolean settingsChanged)
      throws SQLException, SchedulerException {
    boolean reload = !leading || !now.isBefore(nextFullSync);
    if (reload) {
      mirror.clear();
      schedule.load().forEach((key, scheduled) -> mirror.put(key, new Entry(scheduled, null, -1)));
      nextFullSync = now.plus(FULL_SYNC);
      readsChangeLog = changeLogReady();
    }
    boolean all = reload || settingsChanged || settingsUnapplied;
    settingsUnapplied = false;
    Changed changed = readsChangeLog ? fromChangeLog(all) : fromChecksums(all);
    if (changed == null) {
      return quiet();
    }
    SyncReport report = apply(changed.rows(), changed.scope(), now);
    changeLog.forget(changed.logged());
    return report;
  }

  /**
   * Rows to compare, and the jobs they may replace or remove ({@code scope}: null for all), and the
   * change log's rows they apply.
   */
  private record Changed(List<HistoryRow> rows, Set<String> scope, List<Change> logged) {}

  /** The rows the change log names (read before the rows, so they hold at least those changes). */
  private Changed fromChangeLog(boolean all) throws SQLException {
    List<Change> logged = changeLog.read(CHANGES_PER_TICK);
    if (all) {
      return new Changed(history.readAll(), null, logged);
    }
    if (logged.isEmpty()) {
      return null;
    }
    Set<String> items = new LinkedHashSet<>();
    logged.forEach(change -> items.add(change.item()));
    List<HistoryRow> rows = history.readItems(new ArrayList<>(items));
    Set<String> scope = new HashSet<>();
    items.stream().filter(Objects::nonNull).forEach(item -> scope.add(ItemKeys.jobName(item)));
    return new Changed(rows, scope, logged);
  }

  private Changed fromChecksums(boolean all) throws SQLException {
    if (!history.detectsChanges()) {
      return new Changed(history.readAll(), null, List.of());
    }
    Map<Integer, Checksum> before = checksums;
    checksums = history.checksums();
    if (all) {
      return new Changed(history.readAll(), null, List.of());
    }
    if (checksums.equals(before)) {
      return null;
    }
    Set<Integer> buckets = changedBuckets(before, checksums);
    Set<String> scope = mirror.keysIn(buckets);
    return new Changed(readChanged(buckets, scope), scope, List.of());
  }

  /**
   * Whether the change log is to be read: with {@code sync.change-capture=triggers}, once its
   * triggers are on the table (created here if they are not); with the default, Pacer's triggers
   * are dropped if an earlier configuration left them.
   */
  private boolean changeLogReady() throws SQLException {
    boolean wanted = config.getChangeCapture() == ChangeCapture.TRIGGERS;
    if (!history.detectsChanges()) {
      if (wanted && !changeLogWarned) {
        log.warn(
            "sync.change-capture=triggers needs MySQL or MariaDB: the embedded database's rows"
                + " are compared in full every tick");
        changeLogWarned = true;
      }
      return false;
    }
    try {
      if (!wanted) {
        if (changeLog.installed() > 0) {
          changeLog.uninstall();
          log.info("Dropped Pacer's triggers on {} (sync.change-capture=checksum)", history.name());
        }
        return false;
      }
      if (!changeLog.complete()) {
        changeLog.install();
        log.info(
            "Created triggers on {}: changes to it are logged in pacer_change", history.name());
      }
      changeLogWarned = false;
      return true;
    } catch (SQLException e) {
      if (!wanted || Database.lostConnection(e)) {
        throw e;
      }
      if (!changeLogWarned) {
        log.error(
            "sync.change-capture=triggers: could not create the triggers on {}: {}; finding"
                + " changes by checksum meanwhile, trying again every {} min",
            history.name(),
            Database.reason(e),
            FULL_SYNC.toMinutes());
      }
      changeLogWarned = true;
      return false;
    }
  }

  private SyncReport apply(List<HistoryRow> rows, Set<String> scope, Instant now)
      throws SQLException, SchedulerException {
    refreshSettingsForNewItems(rows);
    Map<String, HistoryRow> seen = new HashMap<>();
    List<Plan> added = new ArrayList<>();
    List<Plan> changed = new ArrayList<>();
    List<Plan> pausedOrResumed = new ArrayList<>();
    int invalid = 0;
    warnings.begin();
    for (HistoryRow row : rows) {
      if (!row.usable()) {
        invalid++;
        warnings.unusable(row);
        continue;
      }
      String key = ItemKeys.jobName(row.item());
      seen.put(key, row);
      ItemSettings own = settings.get(row.item());
      Plan plan =
          new Plan(
              row.item(),
              key,
              row.intervalSeconds(),
              own.misfirePolicy() != null ? own.misfirePolicy() : config.getMisfirePolicy(),
              own.paused(),
              FirstFire.of(row, now, spreadMax));
      Entry current = mirror.get(key);
      if (current == null) {
        added.add(plan);
      } else if (plan.differsFrom(current.scheduled())) {
        changed.add(plan);
      } else if (plan.paused() != current.scheduled().paused()) {
        pausedOrResumed.add(plan);
      }
    }
    warnings.end(scope == null);
    List<String> removed =
        (scope == null ? mirror.keys() : scope)
            .stream().filter(key -> mirror.contains(key) && !seen.containsKey(key)).toList();

    if (added.isEmpty() && changed.isEmpty() && pausedOrResumed.isEmpty() && removed.isEmpty()) {
      schedule.tidy();
    }
    for (List<Plan> batch : batches(added)) {
      claims.prepare(batch.stream().map(Plan::item).toList());
      schedule.add(batch);
      renewLease();
    }
    for (List<Plan> batch : batches(changed)) {
      schedule.change(batch);
      renewLease();
    }
    for (List<Plan> batch : batches(pausedOrResumed)) {
      schedule.pause(batch);
      renewLease();
    }
    for (List<String> batch : batches(removed)) {
      schedule.remove(batch);
      claims.forget(
          batch.stream().map(key -> mirror.get(key).item()).filter(Objects::nonNull).toList());
      renewLease();
    }
    logChanges(added, changed, pausedOrResumed, removed);
    for (Plan plan : concat(added, changed)) {
      warnings.scheduled(plan, seen.get(plan.jobName()), now);
    }
    for (String key : removed) {
      mirror.remove(key);
    }
    for (Plan plan : concat(added, changed, pausedOrResumed)) {
      mirror.put(plan.jobName(), new Entry(plan.scheduled(), plan.item(), -1));
    }
    seen.forEach(
        (key, row) -> {
          Entry entry = mirror.get(key);
          mirror.put(key, new Entry(entry.scheduled(), row.item(), row.bucket()));
        });
    return new SyncReport(true, rows.size(), added.size(), changed.size(), removed.size(), invalid);
  }

  /**
   * A new item's settings row may have been committed after this tick read the settings but before
   * it read the item's history row: they are read again, so its first run has them. Any change
   * found then reaches the other items at the next tick, which compares them all.
   */
  private void refreshSettingsForNewItems(List<HistoryRow> rows) throws SQLException {
    if (rows.stream()
            .anyMatch(row -> row.usable() && !mirror.contains(ItemKeys.jobName(row.item())))
        && settings.refresh()) {
      settingsUnapplied = true;
    }
  }

  /** A tick with nothing to change: the time to clean up after earlier ones. */
  private SyncReport quiet() throws SchedulerException {
    schedule.tidy();
    return SyncReport.QUIET;
  }

  /**
   * The rows of the changed buckets. The items the mirror knows in them ({@code keys}) are looked
   * up by primary key; a bucket where as many rows are found as it holds (after an UPDATE or a
   * DELETE) is complete, any other (an INSERT, a renamed item, a row with an invalid interval) is
   * scanned.
   */
  private List<HistoryRow> readChanged(Set<Integer> buckets, Set<String> keys) throws SQLException {
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

  private void logChanges(
      List<Plan> added, List<Plan> changed, List<Plan> pausedOrResumed, List<String> removed) {
    added.forEach(plan -> logPlan("Scheduled", plan, added.size()));
    changed.forEach(plan -> logPlan("Rescheduled", plan, changed.size()));
    for (Plan plan : pausedOrResumed) {
      log.info("{} {}", plan.paused() ? "Paused" : "Resumed", ItemNames.printable(plan.item()));
    }
    for (String key : removed) {
      Entry entry = mirror.get(key);
      String item = entry.item() != null ? entry.item() : key;
      String format = "Removed {}: its row is gone or cannot be scheduled";
      if (removed.size() <= 10) {
        log.info(format, ItemNames.printable(item));
      } else {
        log.debug(format, ItemNames.printable(item));
      }
    }
    if (removed.size() > 10) {
      log.info("Removed {} items whose rows are gone or cannot be scheduled", removed.size());
    }
    if (added.size() > 10) {
      log.info("Scheduled {} new items", added.size());
    }
  }

  /** Quartz changes go in transactions of at most {@value #BATCH} jobs. */
  private static <T> List<List<T>> batches(List<T> all) {
    List<List<T>> batches = new ArrayList<>();
    for (int from = 0; from < all.size(); from += BATCH) {
      batches.add(all.subList(from, Math.min(all.size(), from + BATCH)));
    }
    return batches;
  }

  @SafeVarargs
  private static List<Plan> concat(List<Plan>... lists) {
    List<Plan> all = new ArrayList<>();
    for (List<Plan> list : lists) {
      all.addAll(list);
    }
    return all;
  }

  private static void logPlan(String what, Plan plan, int batchSize) {
    String format = "{} {} every {} s, next run at {}";
    Object[] args = {
      what, ItemNames.printable(plan.item()), plan.intervalSeconds(), plan.firstFire()
    };
    if (batchSize <= 10) {
      log.info(format, args);
    } else {
      log.debug(format, args);
    }
  }

  /** Whether this node held the sync lease at its last tick, so does the cluster's chores. */
  public boolean leading() {
    return leading;
  }

  @Override
  public synchronized void close() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  /** What one tick did. */
  public record SyncReport(
      boolean leader, int rows, int added, int rescheduled, int removed, int invalid) {
    public static final SyncReport NOT_LEADER = new SyncReport(false, 0, 0, 0, 0, 0);
    public static final SyncReport QUIET = new SyncReport(true, 0, 0, 0, 0, 0);

    /** Whether the tick found changed rows (or rows gone) and read them. */
    public boolean changed() {
      return rows > 0 || removed > 0;
    }
  }
}
