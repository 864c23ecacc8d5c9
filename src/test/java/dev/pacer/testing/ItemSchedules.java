package dev.pacer.testing;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.sync.ItemKeys;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Items' schedules as the cluster holds them, read from the database (MariaDB or H2) as any node
 * would see them: an item is scheduled when it is a member of a group ({@code pacer_group}) whose
 * Quartz trigger exists; it next runs at the first fire of that trigger at or after its {@code
 * not_before}. Tests ask this rather than Quartz's rows, so they prove what an item does, not how
 * the scheduler lays it out.
 */
public final class ItemSchedules {
  private static final String SELECT =
      "SELECT g.interval_s, g.misfire_instruction, g.paused, g.not_before, t.NEXT_FIRE_TIME,"
          + " s.REPEAT_INTERVAL, t.MISFIRE_INSTR, c.token"
          + " FROM pacer_group g"
          + " JOIN QRTZ_TRIGGERS t ON t.SCHED_NAME = ? AND t.TRIGGER_GROUP = ?"
          + " AND t.TRIGGER_NAME = g.group_name"
          + " JOIN QRTZ_SIMPLE_TRIGGERS s ON s.SCHED_NAME = t.SCHED_NAME"
          + " AND s.TRIGGER_GROUP = t.TRIGGER_GROUP AND s.TRIGGER_NAME = t.TRIGGER_NAME"
          + " LEFT JOIN pacer_claim c ON c.item = g.item"
          + " WHERE g.item = ?";

  private final Connections connections;

  private ItemSchedules(Connections connections) {
    this.connections = connections;
  }

  public static ItemSchedules on(TestingDatabase db) {
    return new ItemSchedules(db::connection);
  }

  /**
   * One item's schedule.
   *
   * @param nextFire when it next runs; null if its group's trigger has no next fire
   * @param intervalMillis how often it runs
   * @param misfireInstruction the Quartz misfire instruction its runs are fired with
   * @param paused whether its group passes it by
   * @param running whether a run holds it now (its claim)
   */
  public record ItemSchedule(
      Instant nextFire,
      long intervalMillis,
      int misfireInstruction,
      boolean paused,
      boolean running) {}

  /** The item's schedule, or null when it is not scheduled. */
  public ItemSchedule of(String item) throws SQLException {
    try (Connection connection = connections.open()) {
      return of(connection, item);
    }
  }

  /** As {@link #of(String)}, on the caller's connection (which stays open). */
  public static ItemSchedule of(Connection connection, String item) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(SELECT)) {
      select.setString(1, PacerScheduler.NAME);
      select.setString(2, ItemKeys.GROUPED);
      select.setString(3, item);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? schedule(item, row) : null;
      }
    }
  }

  private static ItemSchedule schedule(String item, ResultSet row) throws SQLException {
    long interval = row.getInt(1) * 1000L;
    int misfire = row.getInt(2);
    boolean paused = row.getBoolean(3);
    long notBefore = row.getLong(4);
    long next = row.getLong(5);
    boolean hasNext = !row.wasNull() && next > 0;
    long repeat = row.getLong(6);
    int groupMisfire = row.getInt(7);
    row.getLong(8);
    boolean running = !row.wasNull();
    if (repeat != interval || groupMisfire != misfire) {
      throw new IllegalStateException(
          item
              + " has interval "
              + interval
              + " ms and misfire instruction "
              + misfire
              + ", its group's trigger "
              + repeat
              + " ms and "
              + groupMisfire);
    }
    Instant nextFire =
        hasNext ? Instant.ofEpochMilli(firstFireFrom(next, interval, notBefore)) : null;
    return new ItemSchedule(nextFire, interval, misfire, paused, running);
  }

  /** The first of the fires {@code next}, {@code next + interval}, ... at or after notBefore. */
  private static long firstFireFrom(long next, long interval, long notBefore) {
    if (notBefore <= next) {
      return next;
    }
    return next + (notBefore - next + interval - 1) / interval * interval;
  }

  /**
   * How many items are scheduled: members of a group. (A member's group trigger is made just after
   * it joins, so {@link #of} may find it unscheduled for that moment.)
   */
  public long count() throws SQLException {
    try (Connection connection = connections.open()) {
      return count(connection);
    }
  }

  public static long count(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pacer_group")) {
      rows.next();
      return rows.getLong(1);
    }
  }

  /** The scheduled items' names, in no particular order. */
  public List<String> items() throws SQLException {
    List<String> items = new ArrayList<>();
    try (Connection connection = connections.open();
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT item FROM pacer_group")) {
      while (rows.next()) {
        items.add(rows.getString(1));
      }
    }
    return items;
  }

  @FunctionalInterface
  private interface Connections {
    Connection open() throws SQLException;
  }
}
