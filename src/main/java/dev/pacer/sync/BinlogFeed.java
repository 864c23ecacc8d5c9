package dev.pacer.sync;

import static java.util.Objects.requireNonNull;

import com.mysql.cj.conf.ConnectionUrl;
import com.mysql.cj.conf.HostInfo;
import dev.pacer.db.Database;
import dev.pacer.db.DbConfig;
import dev.pacer.history.HistoryTable;
import dev.pacer.sync.BinlogStream.Columns;
import dev.pacer.sync.BinlogStream.Drained;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * {@code sync.change-capture=auto} (the default) and {@code binlog}: the leader follows the
 * server's binary log ({@link BinlogStream}) and a tick reads, by primary key, only the rows whose
 * name or interval changed; no table scan per tick and nothing added to the user's table. Where the
 * server writes no binary log in row format, or will not send it to Pacer's user (it needs {@code
 * REPLICATION SLAVE} and {@code REPLICATION CLIENT}), or the database is the embedded one, changes
 * are found by checksum ({@link ChecksumFeed}), and the binary log is tried again at every full
 * sync. When the stream breaks, the next tick connects again and compares every row.
 */
final class BinlogFeed implements ChangeFeed {
  /** Logged under the sync's logger, where operators look for what the sync did. */
  private static final Logger log = LoggerFactory.getLogger(SyncService.class);

  private final HistoryTable history;
  private final Database database;
  private final DbConfig db;
  private final ChecksumFeed meanwhile;
  private final boolean asked;
  private BinlogStream stream;

  /** Why the binary log was last not followed, as logged; null while it is. */
  private String refusal;

  /**
   * @param asked whether {@code binlog} was asked for by name: a server that cannot give it is then
   *     a warning, not information
   */
  BinlogFeed(
      HistoryTable history, Database database, DbConfig db, ChecksumFeed meanwhile, boolean asked) {
    this.history = requireNonNull(history);
    this.database = requireNonNull(database);
    this.db = requireNonNull(db);
    this.meanwhile = requireNonNull(meanwhile);
    this.asked = asked;
  }

  @Override
  public void prepare() throws SQLException {
    meanwhile.prepare();
    if (stream == null || stream.broken() != null) {
      suspend();
      open();
    }
  }

  @Override
  public Changed changed(boolean all, Mirror mirror) throws SQLException {
    if (stream != null && stream.broken() != null) {
      String why = stream.broken();
      boolean worked = stream.heard();
      suspend();
      if (worked) {
        log.warn(
            "The binary log stream broke ({}): connecting again, and comparing every row", why);
        open();
      } else {
        refuse(why, true); // refused as it started: not again before the next full comparison
      }
      all = true;
    }
    if (stream == null) {
      return meanwhile.changed(all, mirror);
    }
    Drained drained = stream.drain(); // before the rows are read: they hold at least its changes
    if (all || drained.all()) {
      return Changed.all(history.readAll(), List.of());
    }
    if (drained.items().isEmpty()) {
      return Changed.NONE;
    }
    return Changed.items(history, drained.items(), List.of());
  }

  @Override
  public void forget(Changed applied) {}

  /** Not the leader: the stream closes; leading again starts one, with a tick over every row. */
  @Override
  public void suspend() {
    if (stream != null) {
      stream.close();
      stream = null;
    }
  }

  private void open() throws SQLException {
    if (!history.detectsChanges()) {
      refuse("the embedded database has none", asked);
      return;
    }
    String[] names = history.name().split("\\.", 2);
    try (Connection connection = database.connection()) {
      String schema = names.length == 2 ? names[0] : currentSchema(connection);
      String table = names.length == 2 ? names[1] : names[0];
      String unusable = unusable(connection);
      Columns columns = unusable == null ? columns(connection, schema, table) : null;
      if (unusable == null && columns == null) {
        unusable = "the item column's character set is not one Java knows";
      }
      if (unusable != null) {
        refuse(unusable, true);
        return;
      }
      HostInfo host =
          ConnectionUrl.getConnectionUrlInstance(db.getUrl(), new Properties()).getMainHost();
      boolean inUrl = db.getUser() == null || db.getUser().isEmpty(); // user=...&password=...
      String user = inUrl ? host.getUser() : db.getUser();
      String password = inUrl ? host.getPassword() : db.getPassword();
      stream =
          BinlogStream.open(
              host.getHost(),
              host.getPort(),
              user,
              password == null ? "" : password,
              schema,
              table,
              columns);
      log.info("Following the server's binary log for changes to {}", history.name());
      refusal = null;
    } catch (IOException | RuntimeException e) {
      refuse(e.getMessage() == null ? e.toString() : e.getMessage(), true);
    }
  }

  private static String currentSchema(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT DATABASE()")) {
      row.next();
      return row.getString(1);
    }
  }

  /** Why the server's binary log cannot tell the rows that changed, or null if it can. */
  private static String unusable(Connection connection) throws SQLException {
    String logBin = variable(connection, "log_bin");
    if (!"ON".equalsIgnoreCase(logBin) && !"1".equals(logBin)) {
      return "the server writes no binary log (log_bin=" + logBin + ")";
    }
    String format = variable(connection, "binlog_format");
    if (!"ROW".equalsIgnoreCase(format)) {
      return "binlog_format="
          + format
          + " logs statements, not the rows they change (ROW is needed)";
    }
    for (String compressed : List.of("log_bin_compress", "binlog_transaction_compression")) {
      if ("ON".equalsIgnoreCase(variable(connection, compressed))) {
        return compressed + "=ON (Pacer does not read compressed events)";
      }
    }
    return null;
  }

  private static String variable(Connection connection, String name) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement("SHOW VARIABLES LIKE ?")) {
      select.setString(1, name);
      try (ResultSet row = select.executeQuery()) {
        return row.next() ? row.getString(2) : null;
      }
    }
  }

  /** Where the table's columns are; null if the item column's character set is unknown here. */
  private static Columns columns(Connection connection, String schema, String table)
      throws SQLException {
    int count = 0;
    int item = -1;
    int interval = -1;
    Charset charset = StandardCharsets.UTF_8;
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT COLUMN_NAME, ORDINAL_POSITION, CHARACTER_SET_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = ? AND TABLE_NAME = ?")) {
      select.setString(1, schema);
      select.setString(2, table);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          count++;
          String name = rows.getString(1).toLowerCase(Locale.ROOT);
          if (name.equals("item")) {
            item = rows.getInt(2) - 1;
            charset = javaCharset(rows.getString(3));
          } else if (name.equals("execution_interval")) {
            interval = rows.getInt(2) - 1;
          }
        }
      }
    }
    if (item < 0 || interval < 0) {
      throw new SQLException(schema + "." + table + " has no item or execution_interval column");
    }
    return charset == null ? null : new Columns(count, item, interval, charset);
  }

  /** The Java charset of a MySQL one (none: a number, read as one); null if Java has none. */
  private static Charset javaCharset(String mysql) {
    if (mysql == null) {
      return StandardCharsets.UTF_8;
    }
    return switch (mysql.toLowerCase(Locale.ROOT)) {
      case "utf8mb4", "utf8mb3", "utf8" -> StandardCharsets.UTF_8;
      case "latin1" -> Charset.forName("windows-1252"); // MySQL's latin1 is cp1252
      case "ascii" -> StandardCharsets.US_ASCII;
      case "binary" -> StandardCharsets.ISO_8859_1;
      default -> Charset.isSupported(mysql) ? Charset.forName(mysql) : null;
    };
  }

  /**
   * Logs, once for each reason in a row, that changes are found by checksum meanwhile.
   *
   * @param worthSaying false for the embedded database under {@code auto}: nothing to tell
   */
  private void refuse(String why, boolean worthSaying) {
    if (why.equals(refusal)) {
      return;
    }
    refusal = why;
    if (worthSaying) {
      log.atLevel(asked ? Level.WARN : Level.INFO)
          .log(
              "Not following the server's binary log ({}): finding changes to {} by checksum,"
                  + " trying again every {} min",
              why,
              history.name(),
              Leader.FULL_SYNC.toMinutes());
    }
  }
}
