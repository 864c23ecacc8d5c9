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
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;

/**
 * Applies the files in {@code sql/}: Flyway runs the versioned files of the database's directory
 * (Quartz's tables, then Pacer's), and the history table is created only if it is absent.
 */
@Singleton
public final class SchemaMigrator {
  /** How long a node waits for another node's migration of the same database. */
  private static final int LOCK_WAIT_SECONDS = 300;

  /** The named lock, one per database on the server (names are at most 64 characters). */
  private static final String LOCK = "CONCAT('pacer_schema_', MD5(DATABASE()))";

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
      if (database.dialect() != Dialect.MYSQL) {
        migrate(unbounded);
        return;
      }
      try (Connection connection = unbounded.getConnection();
          Statement statement = connection.createStatement()) {
        try (ResultSet locked =
            statement.executeQuery("SELECT GET_LOCK(" + LOCK + ", " + LOCK_WAIT_SECONDS + ")")) {
          if (!locked.next() || locked.getInt(1) != 1) {
            throw new SQLException(
                "Another node has been applying the schema for "
                    + LOCK_WAIT_SECONDS
                    + " s (MySQL lock pacer_schema_…); is one stuck?");
          }
        }
        try {
          migrate(unbounded);
        } finally {
          statement.execute("DO RELEASE_LOCK(" + LOCK + ")");
        }
      }
    }
  }

  private void migrate(DataSource dataSource) throws SQLException {
    Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(dataSource)
        .locations("classpath:sql/" + database.dialect().schemaDirectory())
        .table("pacer_schema_history")
        // A database that already holds the user's tables gets Pacer's tables added beside them.
        .baselineOnMigrate(true)
        .baselineVersion("0")
        .load()
        .migrate();
    history.createIfAbsent();
  }
}
