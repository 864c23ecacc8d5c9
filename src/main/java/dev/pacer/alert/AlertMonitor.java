package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.alert.Alert.Kind;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.fence.NodeLease;
import dev.pacer.history.HistoryConfig;
import dev.pacer.history.ItemNames;
import dev.pacer.node.NodeService;
import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.Member;
import dev.pacer.overview.RunHistory;
import dev.pacer.overview.RunView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check-in interval, on every node: raises an alert for a member whose lease lapsed and
 * resolves it when it checks in again; resolves an item's alert once its latest run succeeded. A
 * node that stops gracefully leaves {@code pacer_member} (see dev.pacer.fence.NodeLease), so it
 * raises nothing.
 */
@Singleton
final class AlertMonitor implements NodeService {
  private static final Logger log = LoggerFactory.getLogger("pacer.alert");

  /** A member silent this long is forgotten: its alert closes without a notice. */
  static final Duration FORGET_AFTER = Duration.ofDays(1);

  private final Alerts alerts;
  private final AlertLedger ledger;
  private final MemberTable memberTable;
  private final ClusterMembers members;
  private final RunHistory runs;
  private final PacerScheduler scheduler;
  private final NodeLease lease;
  private final Database database;
  private final String historyTable;
  private final Clock clock;
  private ScheduledExecutorService timer;

  @Inject
  AlertMonitor(
      Alerts alerts,
      AlertLedger ledger,
      MemberTable memberTable,
      ClusterMembers members,
      RunHistory runs,
      PacerScheduler scheduler,
      NodeLease lease,
      Database database,
      HistoryConfig history,
      Clock clock) {
    this.alerts = requireNonNull(alerts);
    this.ledger = requireNonNull(ledger);
    this.memberTable = requireNonNull(memberTable);
    this.members = requireNonNull(members);
    this.runs = requireNonNull(runs);
    this.scheduler = requireNonNull(scheduler);
    this.lease = requireNonNull(lease);
    this.database = requireNonNull(database);
    this.historyTable = history.getTable();
    this.clock = requireNonNull(clock);
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pacer-alert-monitor");
              thread.setDaemon(true);
              return thread;
            });
    long every = scheduler.checkinInterval().toMillis();
    timer.scheduleWithFixedDelay(
        () -> alerts.submit("cluster members and recoveries", this::check),
        every,
        every,
        TimeUnit.MILLISECONDS);
  }

  void check() throws Exception {
    checkMembers();
    checkRecoveries();
  }

  /**
   * A member is silent once its lease lapsed in the database's clock. Only a node that has itself
   * been a member in good standing for a whole lease timeout judges: after the database was away
   * for everyone, the others are given that long to rejoin before anyone calls them silent.
   */
  private void checkMembers() throws Exception {
    if (!lease.mayTakeOver()) {
      return;
    }
    Instant now = clock.instant();
    Set<String> open = ledger.open(Kind.MEMBER_SILENT);
    for (Member member : members.all()) {
      if (member.node().equals(scheduler.nodeId())) {
        continue;
      }
      Duration silentFor = Duration.between(member.lastCheckin(), now);
      if (!member.silent()) {
        if (open.contains(member.node())) {
          alerts.resolve(
              Kind.MEMBER_SILENT, member.node(), "node " + member.node() + " checks in again");
        }
      } else if (silentFor.compareTo(FORGET_AFTER) > 0) {
        memberTable.forget(member.node());
        ledger.close(Kind.MEMBER_SILENT, member.node());
        log.info("Forgot node {}, silent since {}", member.node(), member.lastCheckin());
      } else if (!open.contains(member.node())) {
        alerts.raise(
            Kind.MEMBER_SILENT,
            member.node(),
            "node "
                + member.node()
                + " stopped checking in: last check-in "
                + member.lastCheckin()
                + ", "
                + silentFor.toSeconds()
                + " s ago (every "
                + member.checkinInterval().toMillis()
                + " ms)");
      }
    }
  }

  private void checkRecoveries() throws Exception {
    for (String item : ledger.open(Kind.ITEM_FAILING)) {
      List<RunView> latest = runs.latest(item, 1);
      if (!exists(item)) {
        alerts.resolve(
            Kind.ITEM_FAILING, item, ItemNames.printable(item) + " was removed from the history");
      } else if (!latest.isEmpty() && !latest.get(0).failed()) {
        alerts.resolve(
            Kind.ITEM_FAILING,
            item,
            ItemNames.printable(item)
                + " works again: "
                + latest.get(0).result()
                + " on "
                + latest.get(0).node());
      }
    }
  }

  private boolean exists(String item) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT item FROM " + historyTable + " WHERE item = ?")) {
      select.setString(1, item);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1).equals(item)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  @Override
  public synchronized void stop() {
    if (timer == null) {
      return; // never started (the node failed to start): it has not joined
    }
    timer.shutdownNow();
    timer = null;
  }
}
