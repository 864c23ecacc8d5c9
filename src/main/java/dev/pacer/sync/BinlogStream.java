package dev.pacer.sync;

import com.github.shyiko.mysql.binlog.BinaryLogClient;
import com.github.shyiko.mysql.binlog.event.DeleteRowsEventData;
import com.github.shyiko.mysql.binlog.event.Event;
import com.github.shyiko.mysql.binlog.event.EventData;
import com.github.shyiko.mysql.binlog.event.EventType;
import com.github.shyiko.mysql.binlog.event.QueryEventData;
import com.github.shyiko.mysql.binlog.event.TableMapEventData;
import com.github.shyiko.mysql.binlog.event.UpdateRowsEventData;
import com.github.shyiko.mysql.binlog.event.WriteRowsEventData;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDataDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer;
import com.github.shyiko.mysql.binlog.event.deserialization.EventDeserializer.CompatibilityMode;
import com.github.shyiko.mysql.binlog.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Serializable;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.Arrays;
import java.util.BitSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;

/**
 * One connection to the server's binary log, as a replica reads it, from the position the server is
 * at when it connects: the items of the history rows inserted, deleted, or updated in their name or
 * interval since then (Pacer's own write-backs change neither). Rows of other tables are not
 * decoded. It stops collecting, and says so, when it cannot tell what changed: the connection broke
 * or went quiet, the table's definition changed, a statement named the table (TRUNCATE, ALTER), or
 * more items changed than it keeps; the sync then compares every row.
 */
final class BinlogStream implements AutoCloseable {
  /** The client library logs through java.util.logging: its lines are Pacer's to write. */
  private static final java.util.logging.Logger LIBRARY_LOG =
      java.util.logging.Logger.getLogger("com.github.shyiko.mysql.binlog");

  static {
    LIBRARY_LOG.setLevel(Level.OFF);
  }

  private static final Duration CONNECT = Duration.ofSeconds(5);

  /** The server sends a heartbeat when it has nothing else to send for this long. */
  private static final Duration HEARTBEAT = Duration.ofSeconds(1);

  /** A stream that has sent nothing, not even a heartbeat, for this long is taken as broken. */
  private static final Duration QUIET = Duration.ofSeconds(5);

  /** Changed items kept at most between two ticks; beyond, the sync compares every row. */
  private static final int LIMIT = 100_000;

  /** Where the history table's columns are, as the binary log orders them. */
  record Columns(int count, int item, int interval, Charset itemCharset) {}

  /** What changed since the last {@link #drain}: items, or "everything" ({@code all}). */
  record Drained(Set<String> items, boolean all) {}

  private final String schema;
  private final String table;
  private final Columns columns;
  private final BinaryLogClient client;
  private final Set<String> changed = new HashSet<>();
  private volatile long historyTableId = -1;
  private volatile long lastHeard = System.nanoTime();
  private volatile String broken;
  private volatile boolean heard;
  private boolean overflowed;

  private BinlogStream(String schema, String table, Columns columns, BinaryLogClient client) {
    this.schema = schema;
    this.table = table;
    this.columns = columns;
    this.client = client;
  }

  /**
   * Connects (within a few seconds) and starts collecting.
   *
   * @throws IOException naming why the server refused, or did not answer
   */
  static BinlogStream open(
      String host,
      int port,
      String user,
      String password,
      String schema,
      String table,
      Columns columns)
      throws IOException {
    BinaryLogClient client = new BinaryLogClient(host, port, user, password);
    // A replica's id must be unique among the server's replicas: a random one, not the server's.
    client.setServerId(ThreadLocalRandom.current().nextLong(1 << 20, 1L << 31));
    client.setKeepAlive(false); // a broken stream is the sync's to notice, and to compare all rows
    client.setHeartbeatInterval(HEARTBEAT.toMillis());
    client.setThreadFactory(
        task -> {
          Thread thread = new Thread(task, "pacer-binlog");
          thread.setDaemon(true);
          return thread;
        });
    BinlogStream stream = new BinlogStream(schema, table, columns, client);
    client.setEventDeserializer(stream.deserializer());
    client.registerEventListener(stream::onEvent);
    client.registerLifecycleListener(
        new BinaryLogClient.AbstractLifecycleListener() {
          @Override
          public void onCommunicationFailure(BinaryLogClient c, Exception e) {
            stream.broke(e.getMessage() == null ? e.toString() : e.getMessage());
          }

          @Override
          public void onEventDeserializationFailure(BinaryLogClient c, Exception e) {
            stream.broke("an event could not be read: " + e);
          }

          @Override
          public void onDisconnect(BinaryLogClient c) {
            stream.broke("the server closed the connection");
          }
        });
    try {
      client.connect(CONNECT.toMillis());
    } catch (TimeoutException e) {
      throw new IOException("no answer within " + CONNECT.toSeconds() + " s", e);
    }
    return stream;
  }

  /** The library's deserializer, told to skip the rows of every table but the history table. */
  private EventDeserializer deserializer() {
    EventDeserializer deserializer = new EventDeserializer();
    deserializer.setCompatibilityMode(CompatibilityMode.CHAR_AND_BINARY_AS_BYTE_ARRAY);
    for (EventType type :
        List.of(
            EventType.WRITE_ROWS,
            EventType.EXT_WRITE_ROWS,
            EventType.UPDATE_ROWS,
            EventType.EXT_UPDATE_ROWS,
            EventType.DELETE_ROWS,
            EventType.EXT_DELETE_ROWS)) {
      EventDataDeserializer<?> rows = deserializer.getEventDataDeserializer(type);
      deserializer.setEventDataDeserializer(type, input -> historyRowsOnly(rows, input));
    }
    return deserializer;
  }

  /**
   * A rows event's data, if its rows are the history table's; else null, the rest of its bytes left
   * for the library to skip.
   */
  private EventData historyRowsOnly(EventDataDeserializer<?> rows, ByteArrayInputStream input)
      throws IOException {
    byte[] id = input.read(6); // the table id, six bytes, least significant first
    long tableId = 0;
    for (int i = 5; i >= 0; i--) {
      tableId = tableId << 8 | (id[i] & 0xFF);
    }
    if (tableId != historyTableId) {
      return null;
    }
    byte[] rest = input.read(input.available()); // up to the event's checksum
    byte[] body = Arrays.copyOf(id, id.length + rest.length);
    System.arraycopy(rest, 0, body, id.length, rest.length);
    return rows.deserialize(new ByteArrayInputStream(body));
  }

  private void onEvent(Event event) {
    lastHeard = System.nanoTime();
    heard = true;
    EventData data = event.getData();
    if (data instanceof TableMapEventData map) {
      if (map.getTable().equalsIgnoreCase(table) && map.getDatabase().equalsIgnoreCase(schema)) {
        if (map.getColumnTypes().length != columns.count()) {
          broke("the columns of " + schema + "." + table + " changed");
        }
        historyTableId = map.getTableId();
      }
    } else if (data instanceof WriteRowsEventData write) {
      write.getRows().forEach(row -> add(item(row, write.getIncludedColumns())));
    } else if (data instanceof DeleteRowsEventData delete) {
      delete.getRows().forEach(row -> add(item(row, delete.getIncludedColumns())));
    } else if (data instanceof UpdateRowsEventData update) {
      for (Map.Entry<Serializable[], Serializable[]> row : update.getRows()) {
        updated(
            row.getKey(),
            update.getIncludedColumnsBeforeUpdate(),
            row.getValue(),
            update.getIncludedColumns());
      }
    } else if (data instanceof QueryEventData query && namesTable(query.getSql())) {
      overflow(); // TRUNCATE, ALTER, RENAME, DROP: no rows tell what they did
    }
  }

  /**
   * An updated row matters if its name or its interval changed; under {@code
   * binlog_row_image=MINIMAL} the image after the update holds only the columns it changed.
   */
  private void updated(
      Serializable[] before, BitSet hadColumns, Serializable[] after, BitSet hasColumns) {
    Serializable oldItem = value(before, hadColumns, columns.item());
    boolean renamed =
        hasColumns.get(columns.item())
            && !Objects.deepEquals(oldItem, value(after, hasColumns, columns.item()));
    boolean rescheduled =
        hasColumns.get(columns.interval())
            && (!hadColumns.get(columns.interval())
                || !Objects.equals(
                    value(before, hadColumns, columns.interval()),
                    value(after, hasColumns, columns.interval())));
    if (renamed) {
      add(item(before, hadColumns));
      add(item(after, hasColumns));
    } else if (rescheduled) {
      add(item(before, hadColumns));
    }
  }

  private static Serializable value(Serializable[] row, BitSet included, int column) {
    return included.get(column) ? row[included.get(0, column).cardinality()] : null;
  }

  /** The row's item as the sync names it; null for a row without a name. */
  private String item(Serializable[] row, BitSet included) {
    Serializable value = value(row, included, columns.item());
    if (value instanceof byte[] bytes) {
      return new String(bytes, columns.itemCharset());
    }
    return value == null ? null : value.toString();
  }

  private boolean namesTable(String sql) {
    return sql != null && sql.toLowerCase(Locale.ROOT).contains(table.toLowerCase(Locale.ROOT));
  }

  private synchronized void add(String item) {
    if (overflowed) {
      return;
    }
    changed.add(item);
    if (changed.size() > LIMIT) {
      overflow();
    }
  }

  private synchronized void overflow() {
    overflowed = true;
    changed.clear();
  }

  private void broke(String why) {
    if (broken == null) {
      broken = why;
    }
  }

  /** What changed since the last call. */
  synchronized Drained drain() {
    Drained drained = new Drained(new HashSet<>(changed), overflowed); // null: a row without a name
    changed.clear();
    overflowed = false;
    return drained;
  }

  /**
   * Whether the server sent anything: a stream refused at once (the user may not read the log)
   * breaks before it does.
   */
  boolean heard() {
    return heard;
  }

  /** Why the stream no longer tells every change, or null while it does. */
  String broken() {
    if (broken == null && System.nanoTime() - lastHeard > QUIET.toNanos()) {
      broken = "nothing came, not even a heartbeat, for " + QUIET.toSeconds() + " s";
    }
    return broken;
  }

  @Override
  public void close() {
    broke("closed");
    try {
      client.disconnect();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
