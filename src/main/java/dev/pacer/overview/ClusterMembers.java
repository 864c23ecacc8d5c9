package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's members: the nodes in Quartz's {@code QRTZ_SCHEDULER_STATE}, and the nodes Pacer
 * remembers in {@code pacer_member} that stopped checking in (Quartz drops a dead node's row once
 * it has recovered its work; a node that stops gracefully leaves both tables).
 */
@Singleton
public final class ClusterMembers {
  private final Database database;
  private final Clock clock;

  @Inject
  public ClusterMembers(Database database, Clock clock) {
    this.database = requireNonNull(database);
    this.clock = requireNonNull(clock);
  }

  /** The nodes with a check-in row, by name. */
  public List<Member> checkedIn() throws SQLException {
    try (Connection connection = database.connection()) {
      return sorted(checkedIn(connection, clock.instant()).values());
    }
  }

  /** The nodes with a check-in row and those remembered that lost theirs, by name. */
  public List<Member> all() throws SQLException {
    Instant now = clock.instant();
    try (Connection connection = database.connection()) {
      Map<String, Member> members = checkedIn(connection, now);
      try (Statement statement = connection.createStatement();
          ResultSet rows =
              statement.executeQuery(
                  "SELECT instance, last_checkin, checkin_interval FROM pacer_member")) {
        while (rows.next()) {
          String node = rows.getString(1);
          if (!members.containsKey(node)) {
            members.put(node, member(node, rows.getLong(2), rows.getLong(3), now));
          }
        }
      }
      return sorted(members.values());
    }
  }

  private static Map<String, Member> checkedIn(Connection connection, Instant now)
      throws SQLException {
    Map<String, Member> members = new LinkedHashMap<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE"
                + " WHERE SCHED_NAME = ?")) {
      select.setString(1, PacerScheduler.NAME);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String node = rows.getString(1);
          members.put(node, member(node, rows.getLong(2), rows.getLong(3), now));
        }
      }
    }
    return members;
  }

  private static Member member(String node, long lastCheckin, long interval, Instant now) {
    Instant last = Instant.ofEpochMilli(lastCheckin);
    Duration every = Duration.ofMillis(interval);
    return new Member(node, last, every, Member.silentAt(last, every, now));
  }

  private static List<Member> sorted(Collection<Member> members) {
    List<Member> list = new ArrayList<>(members);
    list.sort(Comparator.comparing(Member::node));
    return list;
  }
}
