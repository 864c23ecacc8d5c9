package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The {@code sync} row of {@code pacer_lease}: one node holds it and syncs, the others skip. It is
 * taken and renewed by one statement that commits at once, in the database's clock: a holder that
 * vanishes (even in the middle of a transaction) blocks nobody, and another node takes over once
 * the lease expires, three sync intervals and 2 s after it was last renewed.
 */
@Singleton
final class SyncLease {
  private final Database database;
  private final String node;
  private final Duration ttl;

  @Inject
  SyncLease(Database database, PacerScheduler scheduler, SyncConfig config) {
    this.database = requireNonNull(database);
    this.node = scheduler.nodeId();
    this.ttl = config.getInterval().multipliedBy(3).plusSeconds(2);
  }

  /** Takes or renews the lease; whether this node holds it now. */
  boolean acquire() throws SQLException {
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
