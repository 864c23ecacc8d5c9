package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.overview.Member;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code pacer_member} as alerts need it: the nodes that joined and have not left gracefully (each
 * node keeps its own row, see dev.pacer.fence.NodeLease). It outlives Quartz's own row of a dead
 * node, so a node that dies is told from one that stopped.
 */
@Singleton
final class MemberTable {
  private final Database database;

  @Inject
  MemberTable(Database database) {
    this.database = requireNonNull(database);
  }

  /** Forgets a member silent for long (its row is this node's only memory of it). */
  void forget(String node) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM pacer_member WHERE instance = ?")) {
      delete.setString(1, node);
      delete.executeUpdate();
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
}
