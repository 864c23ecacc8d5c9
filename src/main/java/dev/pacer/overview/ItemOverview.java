package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import dev.pacer.group.GroupMembers;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.history.HistoryConfig;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.SettingsTable;
import dev.pacer.sync.ItemKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every item with its state, next run and latest run, read in a handful of queries whatever the
 * number of items: the history table, {@code pacer_item}, the items' triggers (in scale mode their
 * groups' triggers), and each item's latest run (an index-only aggregate on {@code pacer_run}).
 */
@Singleton
public final class ItemOverview {
  /** Consecutive failures are counted up to this many runs back. */
  public static final int FAILURE_CAP = 1000;

  /** The states {@link ItemView#state()} takes. */
  public static final List<String> STATES =
      List.of("waiting", "running", "paused", "error", "unscheduled", "invalid");

  private final Database database;
  private final SettingsTable settings;
  private final RunHistory runs;
  private final GroupMembers members;
  private final String historyTable;

  @Inject
  public ItemOverview(
      Database database,
      SettingsTable settings,
      RunHistory runs,
      GroupMembers members,
      HistoryConfig history) {
    this.database = requireNonNull(database);
    this.settings = requireNonNull(settings);
    this.runs = requireNonNull(runs);
    this.members = requireNonNull(members);
    this.historyTable = history.getTable();
  }

  /** Every item, by name. */
  public List<ItemView> all() throws SQLException {
    Map<String, ItemSettings> own = settings.readAll(problem -> {});
    List<ItemView> items = new ArrayList<>();
    try (Connection connection = database.connection()) {
      Triggers triggers = triggers(connection);
      Map<String, RunView> latest = latestRuns(connection);
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT item, last_execution_time, execution_interval, result FROM "
                      + historyTable)) {
        while (rows.next()) {
          String item = rows.getString("item");
          float result = rows.getFloat("result");
          // The value as the FLOAT column holds it, without binary noise: 104.33754, not ...662.
          Double value = rows.wasNull() ? null : Double.valueOf(Float.toString(result));
          int interval = rows.getInt("execution_interval");
          Trigger trigger = triggers.of(item);
          boolean paused = own.containsKey(item) && own.get(item).paused();
          RunView last = latest.get(item);
          items.add(
              new ItemView(
                  item,
                  interval,
                  Timestamps.get(rows, "last_execution_time"),
                  value,
                  trigger == null ? null : trigger.nextFire(),
                  state(interval, paused, trigger),
                  // Only an item whose latest run failed needs its streak counted (below).
                  last != null && last.failed() ? 1 : 0,
                  last == null ? null : last.node(),
                  last == null || !last.failed() ? null : last.error()));
        }
      }
    }
    items.sort(Comparator.comparing(ItemView::item));
    for (int i = 0; i < items.size(); i++) {
      items.set(i, withFailureStreak(items.get(i)));
    }
    return items;
  }

  /**
   * How many items are in each state, every state listed: the cheap part of {@link #all()}, without
   * the run log.
   */
  public Map<String, Integer> countByState() throws SQLException {
    Map<String, ItemSettings> own = settings.readAll(problem -> {});
    Map<String, Integer> counts = new LinkedHashMap<>();
    STATES.forEach(state -> counts.put(state, 0));
    try (Connection connection = database.connection()) {
      Triggers triggers = triggers(connection);
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery("SELECT item, execution_interval FROM " + historyTable)) {
        while (rows.next()) {
          String item = rows.getString(1);
          boolean paused = own.containsKey(item) && own.get(item).paused();
          counts.merge(state(rows.getInt(2), paused, triggers.of(item)), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private ItemView withFailureStreak(ItemView view) throws SQLException {
    if (view.failures() == 0) {
      return view;
    }
    return new ItemView(
        view.item(),
        view.interval(),
        view.lastExecution(),
        view.result(),
        view.nextRun(),
        view.state(),
        runs.consecutiveFailures(view.item(), FAILURE_CAP),
        view.lastNode(),
        view.lastError());
  }

  private static String state(int interval, boolean paused, Trigger trigger) {
    if (interval <= 0) {
      return "invalid";
    }
    if (paused) {
      return "paused";
    }
    if (trigger == null) {
      return "unscheduled";
    }
    return switch (trigger.state()) {
      case "WAITING", "ACQUIRED" -> "waiting";
      case "BLOCKED", "EXECUTING" -> "running";
      case "PAUSED", "PAUSED_BLOCKED" -> "paused";
      case "ERROR" -> "error";
      // COMPLETE or DELETED: on its way out; the next sync replaces or removes it.
      default -> "unscheduled";
    };
  }

  /**
   * Each item's trigger: its own, or in scale mode its group's. The group rows are read whole and
   * joined here: a join in the server looks every member up by its group, 100,000 random reads.
   */
  private Triggers triggers(Connection connection) throws SQLException {
    Map<String, Trigger> own = triggersOf(connection, ItemKeys.GROUP);
    Map<String, Trigger> groups = triggersOf(connection, ItemKeys.GROUPED);
    Map<String, Trigger> grouped = new HashMap<>();
    if (!groups.isEmpty()) {
      for (Member member : members.all(connection)) {
        Trigger group = groups.get(member.group());
        if (group != null) {
          grouped.put(
              member.item(), group.notBefore(member.intervalSeconds() * 1000L, member.notBefore()));
        }
      }
    }
    return new Triggers(own, grouped);
  }

  private static Map<String, Trigger> triggersOf(Connection connection, String group)
      throws SQLException {
    Map<String, Trigger> triggers = new HashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT TRIGGER_NAME, NEXT_FIRE_TIME, TRIGGER_STATE FROM QRTZ_TRIGGERS"
                + " WHERE SCHED_NAME = ? AND TRIGGER_GROUP = ?")) {
      select.setString(1, PacerScheduler.NAME);
      select.setString(2, group);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          long next = rows.getLong(2);
          triggers.put(
              rows.getString(1), new Trigger(rows.wasNull() ? 0 : next, rows.getString(3)));
        }
      }
    }
    return triggers;
  }

  /**
   * Each item's latest run: the last attempt at its latest slot. MySQL answers the inner aggregate
   * from the unique key (item, scheduled_at, attempt).
   */
  private static Map<String, RunView> latestRuns(Connection connection) throws SQLException {
    Map<String, RunView> latest = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT r.id, r.item, r.scheduled_at, r.started_at, r.finished_at, r.node,"
                    + " r.attempt, r.outcome, r.result, r.error FROM pacer_run r"
                    + " JOIN (SELECT item, MAX(scheduled_at) AS latest FROM pacer_run GROUP BY item)"
                    + " l ON l.item = r.item AND l.latest = r.scheduled_at")) {
      while (rows.next()) {
        RunView run = RunHistory.read(rows);
        latest.merge(run.item(), run, (a, b) -> a.attempt() > b.attempt() ? a : b);
      }
    }
    return latest;
  }

  /** A trigger's next fire time (epoch ms, 0 or less if none) and state. */
  private record Trigger(long next, String state) {
    Instant nextFire() {
      return next <= 0 ? null : Instant.ofEpochMilli(next);
    }

    /**
     * The group's trigger as a member sees it: a new or moved member waits until notBefore, so it
     * is not in the fire running now, if any (whose slot was an interval before the next).
     */
    Trigger notBefore(long interval, long notBefore) {
      if (next <= 0 || notBefore <= next - interval) {
        return this;
      }
      long first = next + (notBefore - next + interval - 1) / interval * interval;
      String waiting =
          switch (state) {
            case "BLOCKED", "EXECUTING" -> "WAITING";
            case "PAUSED_BLOCKED" -> "PAUSED";
            default -> state;
          };
      return new Trigger(first, waiting);
    }
  }

  /** Items' triggers: scale mode's by item, per-item triggers by job name. */
  private record Triggers(Map<String, Trigger> byJobName, Map<String, Trigger> byItem) {
    Trigger of(String item) {
      Trigger grouped = byItem.get(item);
      // A job name is a SHA-256 of the item: not worth computing when no item has a trigger.
      return grouped != null || byJobName.isEmpty()
          ? grouped
          : byJobName.get(ItemKeys.jobName(item));
    }
  }
}
