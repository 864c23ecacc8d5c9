package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The alerts open now, {@code pacer_alert}, as the alert package's ledger keeps them. */
@Singleton
public final class OpenAlerts {
  private final Database database;

  @Inject
  public OpenAlerts(Database database) {
    this.database = requireNonNull(database);
  }

  /** How many alerts are open, and the {@code limit} most recently opened of them. */
  public Page newest(int limit) throws SQLException {
    try (Connection connection = database.connection()) {
      int total;
      try (Statement statement = connection.createStatement();
          ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM pacer_alert")) {
        rows.next();
        total = rows.getInt(1);
      }
      List<AlertView> alerts = new ArrayList<>();
      try (PreparedStatement select =
          connection.prepareStatement(
              "SELECT kind, subject, opened_at, summary FROM pacer_alert"
                  + " ORDER BY opened_at DESC, kind, subject LIMIT ?")) {
        select.setInt(1, limit);
        try (ResultSet rows = select.executeQuery()) {
          while (rows.next()) {
            alerts.add(
                new AlertView(
                    rows.getString("kind"),
                    rows.getString("subject"),
                    Timestamps.get(rows, "opened_at"),
                    rows.getString("summary")));
          }
        }
      }
      return new Page(total, alerts);
    }
  }

  /** Some of the open alerts, and how many there are in all. */
  public record Page(int total, List<AlertView> alerts) {
    public Page {
      alerts = List.copyOf(alerts);
    }
  }
}
