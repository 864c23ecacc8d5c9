package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import dev.pacer.overview.Member;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * {@code pacer_member}: the nodes that joined and have not left gracefully, with their last
 * check-in as last seen. It outlives Quartz's own row of a dead node, which Quartz deletes once it
 * has recovered the node's work, so a node that dies is told from one that stopped.
 */
@Singleton
final class MemberTable {
  private final Database database;

  @Inject
  MemberTable(Database database) {
    this.database = requireNonNull(database);
  }

  void join(String node, Instant now, Duration checkinInterval) throws SQLException {
    try (Connection connection = database.connection()) {
      if (update(connection, node, now.toEpochMilli(), checkinInterval.toMillis()) > 0) {
        return;
      }
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval)"
                  + " VALUES (?, ?, ?, ?)")) {
        insert.setString(1, node);
        Timestamps.set(insert, 2, now);
        insert.setLong(3, now.toEpochMilli());
        insert.setLong(4, checkinInterval.toMillis());
        insert.executeUpdate();
      } catch (SQLIntegrityConstraintViolationException e) {
        update(connection, node, now.toEpochMilli(), checkinInterval.toMillis());
      }
    }
  }

  void leave(String node) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM pacer_member WHERE instance = ?")) {
      delete.setString(1, node);
      delete.executeUpdate();
    }
  }

  /** Copies the check-ins Quartz shows to the members remembered; adds no member. */
  void remember(Collection<Member> checkedIn) throws SQLException {
    try (Connection connection = database.connection()) {
      for (Member member : checkedIn) {
        update(
            connection,
            member.node(),
            member.lastCheckin().toEpochMilli(),
            member.checkinInterval().toMillis());
      }
    }
  }

  List<Member> all() throws SQLException {
    List<Member> members = new ArrayList<>();
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT instance, last_checkin, checkin_interval FROM pacer_member")) {
      while (rows.next()) {
        members.add(
            new Member(
                rows.getString(1),
                Instant.ofEpochMilli(rows.getLong(2)),
                Duration.ofMillis(rows.getLong(3)),
                false));
      }
    }
    return members;
  }

  private static int update(Connection connection, String node, long checkin, long interval)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_member SET last_checkin = ?, checkin_interval = ?"
                + " WHERE instance = ? AND last_checkin <= ?")) {
      update.setLong(1, checkin);
      update.setLong(2, interval);
      update.setString(3, node);
      update.setLong(4, checkin);
      return update.executeUpdate();
    }
  }
}
