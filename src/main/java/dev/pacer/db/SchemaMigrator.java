package dev.pacer.db;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.HistoryTable;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * Applies the files in {@code sql/}: Flyway runs the versioned files of the database's directory
 * (Quartz's tables, then Pacer's), and the history table is created only if it is absent.
 */
@Singleton
public final class SchemaMigrator {
  private final Database database;
  private final HistoryTable history;

  @Inject
  public SchemaMigrator(Database database, HistoryTable history) {
    this.database = requireNonNull(database);
    this.history = requireNonNull(history);
  }

  public void apply() throws SQLException {
    Flyway.configure(SchemaMigrator.class.getClassLoader())
        .dataSource(database.dataSource())
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
