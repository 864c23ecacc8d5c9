package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.alert.Alert.Kind;
import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

/**
 * The open alerts of the cluster, {@code pacer_alert}. Its primary key makes raising and resolving
 * an alert happen once per episode whichever nodes notice: only the node whose insert (or delete)
 * changed the row sends the notice.
 */
@Singleton
public final class AlertLedger {
  private final Database database;

  @Inject
  public AlertLedger(Database database) {
    this.database = requireNonNull(database);
  }

  /** Opens the alert; false if it is open already. */
  public boolean open(Kind kind, String subject, String summary, Instant at) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO pacer_alert (kind, subject, opened_at, summary) VALUES (?, ?, ?, ?)")) {
      insert.setString(1, kind.label());
      insert.setString(2, subject);
      Timestamps.set(insert, 3, at);
      insert.setString(4, summary.length() > 1000 ? summary.substring(0, 997) + "..." : summary);
      insert.executeUpdate();
      return true;
    } catch (SQLIntegrityConstraintViolationException e) {
      return false;
    }
  }

  /** Closes the alert; false if it was not open. */
  public boolean close(Kind kind, String subject) throws SQLException {
    try (Connection connection = database.connection();
        PreparedStatement delete =
            connection.prepareStatement("DELETE FROM pacer_alert WHERE kind = ? AND subject = ?")) {
      delete.setString(1, kind.label());
      delete.setString(2, subject);
      return delete.executeUpdate() > 0;
    }
  }

  /** The subjects of the open alerts of one kind. */
  public Set<String> open(Kind kind) throws SQLException {
    Set<String> subjects = new HashSet<>();
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT subject FROM pacer_alert WHERE kind = ?")) {
      select.setString(1, kind.label());
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          subjects.add(rows.getString(1));
        }
      }
    }
    return subjects;
  }
}
