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
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The cluster's members: the nodes with a lease in {@code pacer_member}, judged in the database's
 * clock (a member whose lease lapsed is silent: it died, or fenced itself), and nodes of an older
 * Pacer that only check in to Quartz's {@code QRTZ_SCHEDULER_STATE}, judged Quartz's way. A node
 * that stops gracefully leaves both tables.
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

  /** Every member, by name. */
  public List<Member> all() throws SQLException {
    Map<String, Member> members = new LinkedHashMap<>();
    try (Connection connection = database.connection()) {
      try (PreparedStatement select =
              connection.prepareStatement(
                  "SELECT instance, last_checkin, checkin_interval, lease_until, epoch, "
                      + database.dialect().nowMillis()
                      + " FROM pacer_member");
          ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          String node = rows.getString(1);
          Instant last = Instant.ofEpochMilli(rows.getLong(2));
          Duration every = Duration.ofMillis(rows.getLong(3));
          boolean silent =
              rows.getLong(5) > 0
                  ? rows.getLong(4) < rows.getLong(6)
                  : Member.silentAt(last, every, clock.instant());
          members.put(node, new Member(node, last, every, silent));
        }
      }
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT INSTANCE_NAME, LAST_CHECKIN_TIME, CHECKIN_INTERVAL FROM QRTZ_SCHEDULER_STATE"
                  + " WHERE SCHED_NAME = ?")) {
        select.setString(1, PacerScheduler.NAME);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            String node = rows.getString(1);
            if (!members.containsKey(node)) {
              Instant last = Instant.ofEpochMilli(rows.getLong(2));
              Duration every = Duration.ofMillis(rows.getLong(3));
              members.put(
                  node,
                  new Member(node, last, every, Member.silentAt(last, every, clock.instant())));
            }
          }
        }
      }
    }
    List<Member> list = new ArrayList<>(members.values());
    list.sort(Comparator.comparing(Member::node));
    return list;
  }

  /** The members that are not silent. */
  public List<Member> live() throws SQLException {
    return all().stream().filter(member -> !member.silent()).toList();
  }
}
