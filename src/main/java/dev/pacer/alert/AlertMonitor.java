package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.alert.Alert.Kind;
import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every check-in interval, on every node: raises an alert for a member that stopped checking in and
 * resolves it when it checks in again; resolves an item's alert once its latest run succeeded. The
 * node registers itself in {@code pacer_member} when it starts and leaves it when it stops, so a
 * graceful stop raises nothing.
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
      Database database,
      HistoryConfig history,
      Clock clock) {
    this.alerts = requireNonNull(alerts);
    this.ledger = requireNonNull(ledger);
    this.memberTable = requireNonNull(memberTable);
    this.members = requireNonNull(members);
    this.runs = requireNonNull(runs);
    this.scheduler = requireNonNull(scheduler);
    this.database = requireNonNull(database);
    this.historyTable = history.getTable();
    this.clock = requireNonNull(clock);
  }

  @Override
  public synchronized void start() throws SQLException {
    memberTable.join(scheduler.nodeId(), clock.instant(), scheduler.checkinInterval());
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

  private void checkMembers() throws Exception {
    Instant now = clock.instant();
    Map<String, Member> checkedIn =
        members.checkedIn().stream().collect(Collectors.toMap(Member::node, Function.identity()));
    Member self = checkedIn.get(scheduler.nodeId());
    if (self == null) {
      return; // this node is not checking in itself: it cannot judge the others
    }
    memberTable.remember(checkedIn.values());
    Set<String> open = ledger.open(Kind.MEMBER_SILENT);
    // As Quartz does: while this node's own check-ins lag (a slow database), allow the others as
    // much, so a pause of the database does not make every node look dead.
    Duration ownLag = Duration.between(self.lastCheckin(), now);
    for (Member member : memberTable.all()) {
      if (member.node().equals(scheduler.nodeId())) {
        continue;
      }
      Member known = checkedIn.getOrDefault(member.node(), member);
      Duration allowed =
          known.checkinInterval().compareTo(ownLag) > 0 ? known.checkinInterval() : ownLag;
      Duration silentFor = Duration.between(known.lastCheckin(), now);
      if (silentFor.compareTo(allowed.plus(Member.CHECKIN_GRACE)) <= 0) {
        if (open.contains(member.node())) {
          alerts.resolve(
              Kind.MEMBER_SILENT, member.node(), "node " + member.node() + " checks in again");
        }
      } else if (silentFor.compareTo(FORGET_AFTER) > 0) {
        memberTable.leave(member.node());
        ledger.close(Kind.MEMBER_SILENT, member.node());
        log.info("Forgot node {}, silent since {}", member.node(), known.lastCheckin());
      } else if (!open.contains(member.node())) {
        alerts.raise(
            Kind.MEMBER_SILENT,
            member.node(),
            "node "
                + member.node()
                + " stopped checking in: last check-in "
                + known.lastCheckin()
                + ", "
                + silentFor.toSeconds()
                + " s ago (every "
                + known.checkinInterval().toMillis()
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
    try {
      memberTable.leave(scheduler.nodeId());
    } catch (SQLException e) {
      log.warn(
          "Could not record that {} leaves ({}); the others will report it silent",
          scheduler.nodeId(),
          Database.reason(e));
    }
  }
}
