package dev.pacer.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.db.Database;
import dev.pacer.db.SchemaMigrator;
import dev.pacer.db.Timestamps;
import dev.pacer.history.HistoryTable.WriteBack;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A chunk of outcomes lands on the right rows, in one UPDATE per start second: each item its own
 * result (NULL for a failure) and whole-second start, the later of an item's two outcomes, and
 * nothing for a row deleted meanwhile.
 */
class WriteBackTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();

  private static final Instant T = Instant.parse("2031-02-03T04:05:06.789Z");
  private static final String AWKWARD = "O'Brien \\ 디스크 ü";

  @Test
  void eachOutcomeLandsOnItsOwnRow() throws Exception {
    for (TestingDatabase db : new TestingDatabase[] {mysql, h2}) {
      try (TestingNode node = TestingNode.on(db).build()) {
        node.get(SchemaMigrator.class).apply();
        db.insertItems(10, "a", "b", "c", AWKWARD);
        List<WriteBack> writes = new ArrayList<>();
        writes.add(new WriteBack("a", 2.5, T.plusSeconds(20)));
        writes.add(new WriteBack("b", null, T.plusSeconds(1)));
        writes.add(new WriteBack(AWKWARD, 7.25, T.plusSeconds(3)));
        writes.add(new WriteBack("deleted meanwhile", 1.0, T));
        writes.add(new WriteBack("a", 1.5, T.plusSeconds(10)));
        try (Connection connection = node.get(Database.class).connection()) {
          node.get(HistoryTable.class).writeBack(connection, writes);
        }

        List<String> rows = new ArrayList<>();
        try (Connection connection = db.connection();
            PreparedStatement select =
                connection.prepareStatement(
                    "SELECT item, result, last_execution_time FROM history");
            ResultSet result = select.executeQuery()) {
          while (result.next()) {
            float value = result.getFloat(2);
            boolean none = result.wasNull();
            rows.add(
                result.getString(1)
                    + " "
                    + (none ? "null" : value)
                    + " "
                    + (result.getString(1).equals("c")
                        ? "unchanged"
                        : Timestamps.get(result, "last_execution_time")));
          }
        }
        assertThat(rows)
            .as(db.url())
            .containsExactlyInAnyOrder(
                AWKWARD + " 7.25 2031-02-03T04:05:09Z",
                "a 2.5 2031-02-03T04:05:26Z",
                "b null 2031-02-03T04:05:07Z",
                "c null unchanged");
        assertThat(db.count("SELECT COUNT(*) FROM history")).as(db.url()).isEqualTo(4);
      }
    }
  }

  @Test
  void aChunkLandsOnItsRowsWhateverTheTablesCharacterSetAndCollation() throws Exception {
    mysql.execute(
        "CREATE TABLE history_latin1 (item VARCHAR(255) PRIMARY KEY, last_execution_time"
            + " TIMESTAMP NOT NULL, execution_interval INT NOT NULL, result FLOAT)"
            + " CHARACTER SET latin1 COLLATE latin1_swedish_ci",
        "CREATE TABLE history_nopad (item VARCHAR(255) PRIMARY KEY, last_execution_time"
            + " TIMESTAMP NOT NULL, execution_interval INT NOT NULL, result FLOAT)"
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
    List<String> latin1 = List.of("café", "Ärger", "plain");
    List<String> nopad = List.of("trail", "trail ", "trail  ", "café", "디스크");

    assertThat(writeBackEach("history_latin1", latin1)).isEqualTo(expected(latin1));
    assertThat(writeBackEach("history_nopad", nopad)).isEqualTo(expected(nopad));
  }

  /**
   * The write-back finds its rows by primary key and sets them in place: MariaDB made a temporary
   * table on disk for each UPDATE joined to its values.
   */
  @Test
  void aWriteBackMakesNoTemporaryTable() throws Exception {
    mysql.execute(
        "CREATE TABLE history_plain (item VARCHAR(255) PRIMARY KEY, last_execution_time"
            + " TIMESTAMP NOT NULL, execution_interval INT NOT NULL, result FLOAT)");
    try (TestingNode node = TestingNode.on(mysql).set("history.table", "history_plain").build()) {
      node.get(SchemaMigrator.class).apply();
      HistoryTable history = node.get(HistoryTable.class);
      history.insert(
          List.of(
              new HistoryRow("a", T, 10), new HistoryRow("b", T, 10), new HistoryRow("c", T, 10)));
      List<WriteBack> writes =
          List.of(
              new WriteBack("a", 1.0, T), new WriteBack("b", 2.0, T), new WriteBack("c", 3.0, T));
      try (Connection connection = node.get(Database.class).connection()) {
        history.writeBack(connection, writes); // reads the item column's collation once
        long before = temporaryTables(connection);
        history.writeBack(connection, writes);
        assertThat(temporaryTables(connection) - before).isZero();
      }
      assertThat(mysql.count("SELECT COUNT(*) FROM history_plain WHERE result IS NOT NULL"))
          .isEqualTo(3);
    }
  }

  private static long temporaryTables(Connection connection) throws Exception {
    try (PreparedStatement show =
            connection.prepareStatement("SHOW SESSION STATUS LIKE 'Created_tmp_tables'");
        ResultSet row = show.executeQuery()) {
      row.next();
      return row.getLong(2);
    }
  }

  /**
   * Inserts the items, writes back a result for each (its position), then reads back each row's
   * result by exact name.
   */
  private static java.util.Map<String, Float> writeBackEach(String table, List<String> items)
      throws Exception {
    try (TestingNode node = TestingNode.on(mysql).set("history.table", table).build()) {
      node.get(SchemaMigrator.class).apply();
      List<HistoryRow> rows = new ArrayList<>();
      List<WriteBack> writes = new ArrayList<>();
      for (int i = 0; i < items.size(); i++) {
        rows.add(new HistoryRow(items.get(i), T, 10));
        // Two start seconds: each statement sets several rows.
        writes.add(new WriteBack(items.get(i), (double) i, T.plusSeconds(i % 2)));
      }
      HistoryTable history = node.get(HistoryTable.class);
      history.insert(rows);
      try (Connection connection = node.get(Database.class).connection()) {
        history.writeBack(connection, writes);
      }
      assertThat(history.readItems(items)).extracting(HistoryRow::item).hasSameElementsAs(items);
    }
    java.util.Map<String, Float> results = new java.util.TreeMap<>();
    try (Connection connection = mysql.connection();
        PreparedStatement select =
            connection.prepareStatement("SELECT item, result FROM " + table);
        ResultSet result = select.executeQuery()) {
      while (result.next()) {
        results.put(result.getString(1), result.getFloat(2));
      }
    }
    return results;
  }

  private static java.util.Map<String, Float> expected(List<String> items) {
    java.util.Map<String, Float> results = new java.util.TreeMap<>();
    for (int i = 0; i < items.size(); i++) {
      results.put(items.get(i), (float) i);
    }
    return results;
  }
}
