package dev.pacer.sync;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;

/**
 * The {@code sync} row of {@code pacer_lease}: one node holds it and syncs, the others skip. The
 * holder's update also locks the row until its tick commits, so two ticks never overlap even if a
 * lease expires mid-tick.
 */
final class SyncLease {
  private SyncLease() {}

  /** Takes or renews the lease inside the caller's open transaction. */
  static boolean acquire(Connection connection, String node, Instant now, Duration ttl)
      throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE pacer_lease SET owner = ?, expires_at = ?"
                + " WHERE name = 'sync' AND (owner = ? OR expires_at < ?)")) {
      update.setString(1, node);
      update.setLong(2, now.plus(ttl).toEpochMilli());
      update.setString(3, node);
      update.setLong(4, now.toEpochMilli());
      return update.executeUpdate() == 1;
    }
  }
}
