package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.fence.FireClaims;
import dev.pacer.group.GroupMembers;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.history.HistoryConfig;
import dev.pacer.history.HistoryRow;
import dev.pacer.history.HistoryRows;
import dev.pacer.history.ItemNames;
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
import java.util.Set;

/**
 * Every item with its state, next run and latest run, read in a handful of queries whatever the
 * number of items: the history table, {@code pacer_item}, the items' groups' triggers and claims,
 * and each item's last run ({@code pacer_last_run}).
 */
@Singleton
public final class ItemOverview {
  /** The states {@link ItemView#state()} takes. */
  public static final List<String> STATES =
      List.of("waiting", "running", "paused", "error", "unscheduled", "invalid");

  private final Database database;
  private final SettingsTable settings;
  private final GroupMembers members;
  private final FireClaims fires;
  private final String historyTable;

  @Inject
  public ItemOverview(
      Database database,
      SettingsTable settings,
      GroupMembers members,
      FireClaims fires,
      HistoryConfig history) {
    this.database = requireNonNull(database);
    this.fires = requireNonNull(fires);
    this.settings = requireNonNull(settings);
    this.members = requireNonNull(members);
    this.historyTable = history.getTable();
  }

  /** Every item, by name in {@link ItemNames#NATURAL_ORDER} (item2 before item10). */
  public List<ItemView> all() throws SQLException {
    Map<String, ItemSettings> own = settings.readAll(problem -> {});
    List<ItemView> items = new ArrayList<>();
    try (Connection connection = database.connection()) {
      Triggers triggers = triggers(connection);
      Map<String, Streak> latest = streaks(connection);
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT item, last_execution_time, execution_interval, result FROM "
                      + historyTable)) {
        List<HistoryRow> read = new ArrayList<>();
        List<Double> results = new ArrayList<>();
        while (rows.next()) {
          read.add(HistoryRows.read(rows, -1));
          float result = rows.getFloat("result");
          // The value as the FLOAT column holds it, without binary noise: 104.33754, not ...662.
          results.add(rows.wasNull() ? null : Double.valueOf(Float.toString(result)));
        }
        List<HistoryRow> checked = HistoryRows.withoutDuplicates(read);
        for (int i = 0; i < checked.size(); i++) {
          HistoryRow row = checked.get(i);
          String item = row.item();
          if (item == null) {
            continue; // nothing to show it by; the sync's log names it
          }
          Double value = results.get(i);
          Trigger trigger = triggers.of(item);
          boolean paused = own.containsKey(item) && own.get(item).paused();
          Streak last = latest.get(item);
          String state = state(row, paused, trigger);
          items.add(
              new ItemView(
                  item,
                  row.intervalSeconds(),
                  row.lastExecution(),
                  value,
                  // A paused item's trigger keeps the fire time it stopped at: no next run.
                  trigger == null || state.equals("paused") ? null : trigger.nextFire(),
                  state,
                  last == null ? 0 : last.failures(),
                  last == null ? null : last.node(),
                  last == null || last.failures() == 0 ? null : last.error()));
        }
      }
    }
    items.sort(Comparator.comparing(ItemView::item, ItemNames.NATURAL_ORDER));
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
              statement.executeQuery(
                  "SELECT item, last_execution_time, execution_interval FROM " + historyTable)) {
        List<HistoryRow> read = new ArrayList<>();
        while (rows.next()) {
          read.add(HistoryRows.read(rows, -1));
        }
        for (HistoryRow row : HistoryRows.withoutDuplicates(read)) {
          String item = row.item();
          boolean paused = item != null && own.containsKey(item) && own.get(item).paused();
          counts.merge(
              state(row, paused, row.usable() ? triggers.of(item) : null), 1, Integer::sum);
        }
      }
    }
    return counts;
  }

  private static String state(HistoryRow row, boolean paused, Trigger trigger) {
    if (!row.usable()) {
      return "invalid";
    }
    if (paused) {
      return "paused";
    }
    if (trigger == null) {
      return "unscheduled";
    }
    return switch (trigger.state()) {
      // BLOCKED: an older Pacer's job that Quartz kept from running twice at once.
      case "WAITING", "ACQUIRED", "BLOCKED" -> "waiting";
      case "EXECUTING" -> "running";
      case "PAUSED", "PAUSED_BLOCKED" -> "paused";
      case "ERROR" -> "error";
      // COMPLETE or DELETED: on its way out; the next sync replaces or removes it.
      default -> "unscheduled";
    };
  }

  /**
   * Each item's trigger, its group's, and whether a run holds it now (its claim). The group rows
   * are read whole and joined here: a join in the server looks every member up by its group,
   * 100,000 random reads.
   */
  private Triggers triggers(Connection connection) throws SQLException {
    Map<String, Trigger> groups = triggersOf(connection, ItemKeys.GROUPED);
    Map<String, Trigger> byItem = new HashMap<>();
    if (!groups.isEmpty()) {
      for (Member member : members.all(connection)) {
        Trigger group = groups.get(member.group());
        if (group != null) {
          byItem.put(
              member.item(), group.notBefore(member.intervalSeconds() * 1000L, member.notBefore()));
        }
      }
    }
    Set<String> running = fires.running(connection);
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT item FROM pacer_claim WHERE token IS NOT NULL")) {
      while (rows.next()) {
        running.add(rows.getString(1));
      }
    }
    return new Triggers(byItem, running);
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

  /** Each item's node, failure streak and error of its last run, from {@code pacer_last_run}. */
  private static Map<String, Streak> streaks(Connection connection) throws SQLException {
    Map<String, Streak> last = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT item, node, failures, error FROM pacer_last_run")) {
      while (rows.next()) {
        last.put(
            rows.getString(1), new Streak(rows.getString(2), rows.getInt(3), rows.getString(4)));
      }
    }
    return last;
  }

  /** An item's last run: where it ran, and how many runs failed in a row up to it (0 if none). */
  private record Streak(String node, int failures, String error) {}

  /** A trigger's next fire time (epoch ms, 0 or less if none) and state. */
  private record Trigger(long next, String state) {
    /** The trigger as an item sees it while a run of the item is in flight. */
    Trigger running() {
      return state.startsWith("PAUSED") ? this : new Trigger(next, "EXECUTING");
    }

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

  /** Items' group triggers, and the items a run holds now. */
  private record Triggers(Map<String, Trigger> byItem, Set<String> running) {
    Trigger of(String item) {
      Trigger trigger = byItem.get(item);
      return trigger != null && running.contains(item) ? trigger.running() : trigger;
    }
  }
}
