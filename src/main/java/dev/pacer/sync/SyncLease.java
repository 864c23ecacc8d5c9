package dev.pacer.sync;

import dev.pacer.db.Database;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The {@code sync} row of {@code pacer_lease}: one node holds it and syncs, the others skip. It is
 * taken and renewed by one statement that commits at once, in the database's clock: a holder that
 * vanishes (even in the middle of a transaction) blocks nobody, and another node takes over once
 * the lease expires.
 */
final class SyncLease {
  private SyncLease() {}

  /** Takes or renews the lease for {@code ttl}. */
  static boolean acquire(Database database, String node, Duration ttl) throws SQLException {
    String now = database.dialect().nowMillis();
    try (Connection connection = database.connection();
        PreparedStatement update =
            connection.prepareStatement(
                "UPDATE pacer_lease SET owner = ?, expires_at = "
                    + now
                    + " + ? WHERE name = 'sync' AND (owner = ? OR expires_at < "
                    + now
                    + ")")) {
      update.setString(1, node);
      update.setLong(2, ttl.toMillis());
      update.setString(3, node);
      return update.executeUpdate() == 1;
    }
  }
}
