package dev.pacer.db;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.HikariDataSource;
import dev.pacer.history.HistoryTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.callback.BaseCallback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the files in {@code sql/}: Flyway runs the versioned files of the database's directory
 * (Quartz's tables, then Pacer's), and the history table is created only if it is absent.
 */
@Singleton
public final class SchemaMigrator {
  /** How long a node waits for another node's migration of the same database. */
  private static final Duration LOCK_WAIT = Duration.ofMinutes(5);

  /** The named lock, one per database on the server (names are at most 64 characters). */
  private static final String LOCK = "pacer_schema";

  private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);

  /** Flyway's record of the files it applied. */
  private static final String HISTORY_TABLE = "pacer_schema_history";

  private final Database database;
  private final HistoryTable history;

  @Inject
  public SchemaMigrator(Database database, HistoryTable history) {
    this.database = requireNonNull(database);
    this.history = requireNonNull(history);
  }

  /**
   * Applies the schema. Nodes started together on an empty MySQL database take turns (a named lock
   * per database): Flyway alone lets a second node see the first one's tables before its schema
   * history has a row, and fail to baseline.
   */
  public void apply() throws SQLException {
    // Migrations and the wait for another node's may take minutes: no network bound here.
    try (HikariDataSource unbounded = database.unboundedPool()) {
      database.dialect().exclusively(unbounded, LOCK, LOCK_WAIT, () -> migrate(unbounded));
    }
  }

  private void migrate(DataSource dataSource) throws SQLException {
    FluentConfiguration flyway =
        Flyway.configure(SchemaMigrator.class.getClassLoader())
            .dataSource(dataSource)
            .locations("classpath:sql/" + database.dialect().schemaDirectory())
            .table(HISTORY_TABLE)
            // A database that already holds the user's tables gets Pacer's tables added beside
            // them.
            .baselineOnMigrate(true)
            .baselineVersion("0");
    boolean byHand = appliedByHand();
    if (byHand) {
      // The files may be applied again (README); doing so, MySQL notes that each table exists
      // and that INSERT IGNORE kept a row: expected, not worth a warning each.
      log.info(
          "Pacer's tables are here without its schema history (applied by hand from sql/?):"
              + " applying the files once more, which keeps what they made, and recording them");
      flyway.callbacks(new QuietSessions());
    }
    // Those sessions hide warnings: they are the migration's own, closed with its pool.
    flyway.load().migrate();
    history.createIfAbsent();
  }

  /** Whether Pacer's tables exist but Flyway's record of them does not: the files ran by hand. */
  private boolean appliedByHand() throws SQLException {
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT LOWER(table_name) FROM information_schema.tables"
                    + " WHERE table_schema = DATABASE()"
                    + " AND LOWER(table_name) IN ('"
                    + HISTORY_TABLE
                    + "', 'qrtz_locks')")) {
      Set<String> found = new HashSet<>();
      while (rows.next()) {
        found.add(rows.getString(1));
      }
      return found.equals(Set.of("qrtz_locks"));
    }
  }

  /** Sessions in which MySQL keeps neither notes nor warnings. */
  private static final class QuietSessions extends BaseCallback {
    @Override
    public boolean supports(Event event, Context context) {
      return event == Event.AFTER_CONNECT;
    }

    @Override
    public void handle(Event event, Context context) {
      try (Statement statement = context.getConnection().createStatement()) {
        statement.execute("SET SESSION sql_notes = 0, max_error_count = 0");
      } catch (SQLException e) {
        throw new IllegalStateException("cannot quieten the schema's session", e);
      }
    }
  }
}
