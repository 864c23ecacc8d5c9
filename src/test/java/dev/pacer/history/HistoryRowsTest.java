package dev.pacer.history;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A history table that does not follow the seed's schema (no primary key, a nullable item or date,
 * an interval of another type) is read row by row: each row Pacer cannot schedule comes back with
 * the reason, and the others as they are.
 */
class HistoryRowsTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();

  private static final Instant T = Instant.parse("2031-02-03T04:05:06Z");

  @Test
  void readsEveryRowOfATextIntervalColumnWithTheProblemsOfTheUnusableOnes() throws Exception {
    for (TestingDatabase db : List.of(mysql, h2)) {
      db.execute(
          "CREATE TABLE text_history (item VARCHAR(300) NULL, last_execution_time VARCHAR(40)"
              + " NULL, execution_interval VARCHAR(30) NULL, result FLOAT)",
          "INSERT INTO text_history (item, last_execution_time, execution_interval) VALUES"
              + " ('good', '2031-02-03 04:05:06', '60'),"
              + " ('decimal zeros', '2031-02-03 04:05:06', '60.000'),"
              + " ('spaced', '2031-02-03 04:05:06', ' 7 '),"
              + " ('never', NULL, '60'),"
              + " (NULL, '2031-02-03 04:05:06', '5'),"
              + " ('huge', '2031-02-03 04:05:06', '3000000000'),"
              + " ('half', '2031-02-03 04:05:06', '10.5'),"
              + " ('words', '2031-02-03 04:05:06', 'soon'),"
              + " ('none', '2031-02-03 04:05:06', NULL),"
              + " ('negative', '2031-02-03 04:05:06', '-5'),"
              + " ('bad date', 'yesterday', '60'),"
              + " ('twice', '2031-02-03 04:05:06', '60'),"
              + " ('twice', '2031-02-03 04:05:06', '30'),"
              + " ('"
              + "x".repeat(256)
              + "', '2031-02-03 04:05:06', '60')");

      Map<String, String> rows = read(db, "text_history");

      assertThat(rows)
          .as(db.url())
          .containsExactlyInAnyOrderEntriesOf(
              Map.ofEntries(
                  Map.entry("good", "60 s from " + T),
                  Map.entry("decimal zeros", "60 s from " + T),
                  Map.entry("spaced", "7 s from " + T),
                  Map.entry("never", "60 s from null"),
                  Map.entry(
                      "a row with a NULL item",
                      "an item needs a name (execution_interval '5', last_execution_time "
                          + T
                          + ")"),
                  Map.entry(
                      "huge",
                      "execution_interval 3000000000 is more than 2147483647 seconds, the most an"
                          + " INT holds"),
                  Map.entry("half", "execution_interval 10.5 is not a whole number of seconds"),
                  Map.entry("words", "execution_interval 'soon' is not a number"),
                  Map.entry("none", "execution_interval is NULL"),
                  Map.entry(
                      "negative", "execution_interval -5 is not a positive number of seconds"),
                  Map.entry("bad date", "last_execution_time 'yesterday' is not a date and time"),
                  Map.entry("twice", "2 rows have this item"),
                  Map.entry(
                      "x".repeat(256),
                      "the name has 256 characters, more than the 255 Pacer's tables" + " hold")));
    }
  }

  @Test
  void readsBigintAndDecimalIntervalsAndNullableDates() throws Exception {
    for (TestingDatabase db : List.of(mysql, h2)) {
      db.execute(
          "CREATE TABLE wide_history (item VARCHAR(255) NULL, last_execution_time TIMESTAMP NULL,"
              + " execution_interval BIGINT NOT NULL, result FLOAT)",
          "CREATE TABLE decimal_history (item VARCHAR(255) PRIMARY KEY, last_execution_time"
              + " TIMESTAMP NULL, execution_interval DECIMAL(20, 3) NOT NULL, result FLOAT)");
      try (var connection = db.connection();
          var statement = connection.createStatement()) {
        if (!db.isH2()) {
          statement.execute("SET time_zone = '+00:00'");
        }
        for (String table : List.of("wide_history", "decimal_history")) {
          statement.execute(
              "INSERT INTO "
                  + table
                  + " VALUES ('largest', '2031-02-03 04:05:06', 2147483647, NULL),"
                  + " ('beyond', '2031-02-03 04:05:06', 2147483648, NULL),"
                  + " ('unrun', NULL, 10, NULL)");
        }
        statement.execute("INSERT INTO decimal_history VALUES ('fraction', NULL, 1.5, NULL)");
      }

      Map<String, String> expected =
          Map.of(
              "largest",
              "2147483647 s from " + T,
              "beyond",
              "execution_interval 2147483648 is more than 2147483647 seconds, the most an INT holds",
              "unrun",
              "10 s from null");
      assertThat(read(db, "wide_history")).as(db.url()).isEqualTo(expected);
      Map<String, String> decimals = new TreeMap<>(read(db, "decimal_history"));
      assertThat(decimals)
          .as(db.url())
          .containsEntry("largest", "2147483647 s from " + T)
          .containsEntry("unrun", "10 s from null")
          .containsEntry("fraction", "execution_interval 1.500 is not a whole number of seconds")
          .hasSize(4);
      assertThat(decimals.get("beyond")).contains("is more than 2147483647 seconds");
    }
  }

  @Test
  void findsTheRowsWithoutANameWhenAskedForANullItem() throws Exception {
    for (TestingDatabase db : List.of(mysql, h2)) {
      db.execute(
          "CREATE TABLE nameless_history (item VARCHAR(255) NULL, last_execution_time TIMESTAMP"
              + " NULL, execution_interval INT NULL, result FLOAT)",
          "INSERT INTO nameless_history VALUES (NULL, NULL, 5, NULL), (NULL, NULL, 6, NULL),"
              + " ('named', NULL, 7, NULL), ('other', NULL, 8, NULL)");
      try (TestingNode node = TestingNode.on(db).set("history.table", "nameless_history").build()) {
        HistoryTable history = node.get(HistoryTable.class);
        java.util.ArrayList<String> items = new java.util.ArrayList<>();
        items.add("named");
        items.add(null);

        assertThat(history.readItems(items))
            .as(db.url())
            .extracting(row -> row.item() + "/" + row.intervalSeconds())
            .containsExactlyInAnyOrder("named/7", "null/5", "null/6");
        assertThat(history.readItems(List.of("named", "other")))
            .as(db.url())
            .extracting(HistoryRow::item)
            .containsExactlyInAnyOrder("named", "other");
      }
    }
  }

  /** Each row, by subject: its interval and last run, or why it cannot be scheduled. */
  private static Map<String, String> read(TestingDatabase db, String table) throws Exception {
    try (TestingNode node = TestingNode.on(db).set("history.table", table).build()) {
      Map<String, String> rows = new TreeMap<>();
      for (HistoryRow row : node.get(HistoryTable.class).readAll()) {
        String previous =
            rows.put(
                row.subject(),
                row.usable()
                    ? row.intervalSeconds() + " s from " + row.lastExecution()
                    : row.problem());
        assertThat(previous == null || row.item().equals("twice")).as(row.subject()).isTrue();
      }
      return rows;
    }
  }
}
