package dev.pacer.history;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The change log of {@code sync.change-capture=triggers}: three triggers on the history table add
 * the name of every item inserted, deleted, renamed or given another interval to {@code
 * pacer_change}, in the transaction that changes the row (a run's write-back of {@code result} and
 * {@code last_execution_time} adds nothing). The sync's leader reads the rows, applies them and
 * deletes what it read: a row that commits later, whatever its id, is read by a later tick. A row
 * without a name (in a table whose item column allows NULL) is logged as a NULL item.
 */
@Singleton
public final class ChangeLog {
  /** MySQL's error for a trigger that already exists: another node created it first. */
  private static final int TRIGGER_EXISTS = 1359;

  private static final int DELETE_BATCH = 1000;
  private static final int LOCK_WAIT_SECONDS = 5;

  private final Database database;
  private final String schema;
  private final String table;

  @Inject
  public ChangeLog(Database database, HistoryConfig config) {
    this.database = requireNonNull(database);
    String name = config.getTable();
    int dot = name.indexOf('.');
    this.schema = dot < 0 ? null : name.substring(0, dot);
    this.table = name.substring(dot + 1);
  }

  /** One change: the item's name as the row had it before or after (null for a row without). */
  public record Change(long id, String item) {}

  /** How many of the three triggers are on the history table. */
  public int installed() throws SQLException {
    try (Connection connection = database.connection()) {
      return bodies(connection).size();
    }
  }

  /** Whether all of them are, as this version of Pacer writes them. */
  public boolean complete() throws SQLException {
    try (Connection connection = database.connection()) {
      return outdated(connection).isEmpty();
    }
  }

  /**
   * Creates the triggers that are missing, and those an earlier version of Pacer wrote differently
   * anew. (Between the drop and the create of one a change may go unlogged; the full comparison
   * that follows an installation reads every row anyway.)
   */
  public void install() throws SQLException {
    try (Connection connection = database.connection()) {
      String changes = changeTable(connection);
      List<Event> outdated = outdated(connection);
      alterTriggers(
          connection,
          statement -> {
            for (Event event : outdated) {
              statement.execute("DROP TRIGGER IF EXISTS " + triggerName(event));
              try {
                statement.execute(
                    "CREATE TRIGGER "
                        + triggerName(event)
                        + " AFTER "
                        + event
                        + " ON "
                        + qualified(table)
                        + " FOR EACH ROW "
                        + event.body(changes));
              } catch (SQLException e) {
                if (e.getErrorCode() != TRIGGER_EXISTS) {
                  throw e;
                }
              }
            }
          });
    }
  }

  /** The triggers that are missing or have another body than this version's. */
  private List<Event> outdated(Connection connection) throws SQLException {
    Map<String, String> bodies = bodies(connection);
    String changes = changeTable(connection);
    List<Event> outdated = new ArrayList<>();
    for (Event event : Event.values()) {
      if (!event.body(changes).equals(bodies.get(name(event)))) {
        outdated.add(event);
      }
    }
    return outdated;
  }

  /** The bodies of Pacer's triggers on the history table, by name. */
  private Map<String, String> bodies(Connection connection) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT TRIGGER_NAME, ACTION_STATEMENT FROM information_schema.TRIGGERS"
                + " WHERE TRIGGER_SCHEMA = COALESCE(?, DATABASE()) AND TRIGGER_NAME IN (?, ?, ?)"
                + " AND EVENT_OBJECT_TABLE = ?")) {
      select.setString(1, schema);
      int index = 2;
      for (Event event : Event.values()) {
        select.setString(index++, name(event));
      }
      select.setString(index, table);
      Map<String, String> bodies = new HashMap<>();
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          bodies.put(result.getString(1), result.getString(2));
        }
      }
      return bodies;
    }
  }

  private static String changeTable(Connection connection) throws SQLException {
    return quote(currentSchema(connection)) + ".pacer_change";
  }

  /** Drops the triggers and empties the log. */
  public void uninstall() throws SQLException {
    try (Connection connection = database.connection()) {
      alterTriggers(
          connection,
          statement -> {
            for (Event event : Event.values()) {
              statement.execute("DROP TRIGGER IF EXISTS " + triggerName(event));
            }
            statement.execute("DELETE FROM pacer_change");
          });
    }
  }

  private interface Statements {
    void run(Statement statement) throws SQLException;
  }

  /**
   * Runs trigger DDL, which waits for the transactions that hold the table (its metadata lock) at
   * most {@value #LOCK_WAIT_SECONDS} s: a forgotten open transaction fails the attempt instead of
   * stalling every writer of the table behind it.
   */
  private static void alterTriggers(Connection connection, Statements ddl) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("SET SESSION lock_wait_timeout = " + LOCK_WAIT_SECONDS);
      try {
        ddl.run(statement);
      } finally {
        statement.execute("SET SESSION lock_wait_timeout = DEFAULT");
      }
    }
  }

  /** The oldest changes, at most {@code limit}. */
  public List<Change> read(int limit) throws SQLException {
    List<Change> changes = new ArrayList<>();
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT id, item FROM pacer_change ORDER BY id LIMIT ?")) {
      select.setInt(1, limit);
      try (ResultSet result = select.executeQuery()) {
        while (result.next()) {
          changes.add(new Change(result.getLong(1), result.getString(2)));
        }
      }
    }
    return changes;
  }

  /** Deletes changes that were read and applied. */
  public void forget(List<Change> changes) throws SQLException {
    if (changes.isEmpty()) {
      return;
    }
    try (Connection connection = database.connection();
        Statement statement = connection.createStatement()) {
      for (int from = 0; from < changes.size(); from += DELETE_BATCH) {
        StringBuilder ids = new StringBuilder();
        for (Change change : changes.subList(from, Math.min(changes.size(), from + DELETE_BATCH))) {
          ids.append(ids.length() == 0 ? "" : ",").append(change.id());
        }
        statement.executeUpdate("DELETE FROM pacer_change WHERE id IN (" + ids + ")");
      }
    }
  }

  private String triggerName(Event event) {
    return qualified(name(event));
  }

  /** At most 64 characters, MySQL's limit: a longer table name is cut. */
  private String name(Event event) {
    return "pacer_" + table.substring(0, Math.min(table.length(), 51)) + "_" + event.suffix;
  }

  private String qualified(String name) {
    return schema == null ? quote(name) : quote(schema) + "." + quote(name);
  }

  private static String currentSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("SELECT DATABASE()")) {
      result.next();
      return result.getString(1);
    }
  }

  private static String quote(String identifier) {
    return "`" + identifier.replace("`", "``") + "`";
  }

  /** A trigger's event, and what it logs. */
  private enum Event {
    INSERT("insert") {
      @Override
      String body(String changes) {
        return "INSERT INTO " + changes + " (item) VALUES (NEW.item)";
      }
    },
    UPDATE("update") {
      @Override
      String body(String changes) {
        // Bytes, not the column's collation: 'Disk' renamed 'DISK' is a change, and so is a name
        // given to a row that had none.
        return "BEGIN IF NOT (CAST(NEW.item AS BINARY) <=> CAST(OLD.item AS BINARY)) THEN INSERT INTO "
            + changes
            + " (item) VALUES (OLD.item), (NEW.item);"
            + " ELSEIF NOT (NEW.execution_interval <=> OLD.execution_interval) THEN INSERT INTO "
            + changes
            + " (item) VALUES (NEW.item); END IF; END";
      }
    },
    DELETE("delete") {
      @Override
      String body(String changes) {
        return "INSERT INTO " + changes + " (item) VALUES (OLD.item)";
      }
    };

    private final String suffix;

    Event(String suffix) {
      this.suffix = suffix;
    }

    abstract String body(String changes);
  }
}
