package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.db.SchemaMigrator;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Pacer's tables tell items apart exactly as the user's history table does, whatever its collation:
 * in a NO PAD table {@code trail}, {@code trail } and {@code trail } are three items with three
 * settings rows, three last runs and their own alerts; a case-insensitive PAD SPACE table works as
 * before; and so does the embedded database.
 */
class ExactItemKeysTest {
  @RegisterExtension static final TestingDatabase nopad = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase padSpace = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();
  @RegisterExtension static final TestingDatabase upgraded = TestingDatabase.mysql();

  private static final String TRAIL = "trail";
  private static final String ONE_SPACE = "trail ";
  private static final String TWO_SPACES = "trail  ";

  /** Succeeds with the length of the name it was given. */
  private static final TestingCollector LENGTH =
      new TestingCollector("length", item -> item.length());

  private static final TestingCollector REFUSED =
      new TestingCollector(
          "refused",
          item -> {
            throw new IllegalStateException("refused [" + item + "]");
          });

  private static final TestingCollector TIMED_OUT =
      new TestingCollector(
          "timed-out",
          item -> {
            throw new IllegalStateException("timed out [" + item + "]");
          });

  @Test
  void namesDifferingInTrailingSpacesAreThreeItemsInANoPadTable() throws Exception {
    nopad.execute(
        "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP"
            + " NOT NULL, execution_interval INT NOT NULL, result FLOAT)"
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_nopad_bin");
    runThreeItems(nopad, List.of(TRAIL, ONE_SPACE, TWO_SPACES));
  }

  @Test
  void theEmbeddedDatabaseTellsTheThreeApartToo() throws Exception {
    runThreeItems(h2, List.of(TRAIL, ONE_SPACE, TWO_SPACES));
  }

  /** latin1_swedish_ci, MySQL's old default: without case, PAD SPACE, another character set. */
  @Test
  void aCaseInsensitivePadSpaceLatin1TableStillWorksWithEitherChangeCapture() throws Exception {
    padSpace.execute(
        "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP"
            + " NOT NULL, execution_interval INT NOT NULL, result FLOAT)"
            + " CHARACTER SET latin1 COLLATE latin1_swedish_ci");
    runThreeItems(padSpace, List.of("Web", "disk ", "Café"));
    padSpace.clearItemsAndScheduler();
    padSpace.execute("DELETE FROM pacer_item", "DELETE FROM pacer_alert");
    runThreeItems(padSpace, List.of("Wéb", "Disk ", "café"), "triggers");
  }

  @Test
  void theUpgradeKeepsEveryRowAndThenTellsTheNamesApart() throws Exception {
    Flyway.configure(ExactItemKeysTest.class.getClassLoader())
        .dataSource(upgraded.url(), upgraded.user(), upgraded.password())
        .locations("classpath:sql/mysql")
        .table("pacer_schema_history")
        .target("8")
        .load()
        .migrate();
    upgraded.execute(
        "INSERT INTO pacer_item (item, collector) VALUES ('trail', 'length')",
        "INSERT INTO pacer_alert VALUES ('item-failing', 'trail', NOW(3), 'failing')",
        "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
            + " outcome) VALUES ('trail', NOW(3), NOW(3), NOW(3), 'n', 1, 'success')",
        "INSERT INTO pacer_last_run VALUES ('trail', NOW(3), NOW(3), NOW(3), 'n', 1, 'success',"
            + " NULL, NULL, 0)",
        "INSERT INTO pacer_group VALUES ('trail', 'g', 10, 1, 0, 0)");

    for (int round = 0; round < 2; round++) {
      try (TestingNode node = TestingNode.on(upgraded).build()) {
        node.get(SchemaMigrator.class).apply();
      }
    }

    for (String table : List.of("pacer_item", "pacer_run", "pacer_last_run", "pacer_group")) {
      assertThat(upgraded.column("SELECT item FROM " + table)).as(table).containsExactly(TRAIL);
    }
    assertThat(upgraded.column("SELECT subject FROM pacer_alert")).containsExactly(TRAIL);
    // Before V10 each of these but the run log's was a duplicate key, and NULL no change.
    upgraded.execute(
        "INSERT INTO pacer_item (item, collector) VALUES ('trail ', 'refused')",
        "INSERT INTO pacer_alert VALUES ('item-failing', 'trail ', NOW(3), 'failing')",
        "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
            + " outcome) SELECT 'trail ', scheduled_at, started_at, finished_at, node, attempt,"
            + " 'failure' FROM pacer_run WHERE item = 'trail'",
        "INSERT INTO pacer_last_run VALUES ('trail ', NOW(3), NOW(3), NOW(3), 'n', 1, 'failure',"
            + " NULL, NULL, 1)",
        "INSERT INTO pacer_group VALUES ('trail ', 'g', 10, 1, 0, 0)",
        "INSERT INTO pacer_change (item) VALUES (NULL)");
    assertThat(upgraded.column("SELECT collector FROM pacer_item WHERE item = 'trail'"))
        .containsExactly("length");
    assertThat(upgraded.column("SELECT collector FROM pacer_item WHERE item = 'trail '"))
        .containsExactly("refused");
    assertThat(upgraded.column("SELECT outcome FROM pacer_run WHERE item = 'trail'"))
        .containsExactly("success");
    assertThat(upgraded.column("SELECT outcome FROM pacer_last_run WHERE item = 'trail'"))
        .containsExactly("success");
    assertThat(upgraded.count("SELECT COUNT(*) FROM pacer_alert WHERE subject = 'trail'"))
        .isEqualTo(1);
  }

  /**
   * Runs the three items, each with its own collector: the first succeeds, the second and third
   * fail with errors that name them; each then has its own last run, result and alert.
   */
  private static void runThreeItems(TestingDatabase db, List<String> items) throws Exception {
    runThreeItems(db, items, "checksum");
  }

  private static void runThreeItems(TestingDatabase db, List<String> items, String changeCapture)
      throws Exception {
    String ok = items.get(0);
    String refused = items.get(1);
    String timedOut = items.get(2);
    try (TestingNode node =
        TestingNode.on(db)
            .set("alert.failures", "2")
            .set("sync.change-capture", changeCapture)
            .collector(LENGTH)
            .collector(REFUSED)
            .collector(TIMED_OUT)
            .start()) {
      try (Connection connection = db.connection();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO pacer_item (item, collector) VALUES (?, ?)")) {
        insert.setString(1, ok);
        insert.setString(2, "length");
        insert.addBatch();
        insert.setString(1, refused);
        insert.setString(2, "refused");
        insert.addBatch();
        insert.setString(1, timedOut);
        insert.setString(2, "timed-out");
        insert.addBatch();
        insert.executeBatch();
      }
      db.insertItems(1, ok, refused, timedOut);

      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () ->
                  db.count("SELECT COUNT(*) FROM pacer_alert") == 2
                      && db.count("SELECT COUNT(*) FROM pacer_last_run WHERE outcome = 'success'")
                          == 1
                      && db.count("SELECT COUNT(*) FROM history WHERE result IS NOT NULL") == 1);
    }

    assertThat(db.count("SELECT COUNT(*) FROM pacer_item")).as(db.url()).isEqualTo(3);
    assertThat(db.column("SELECT item FROM pacer_last_run WHERE outcome = 'success'"))
        .as(db.url())
        .containsExactly(ok);
    assertThat(db.column("SELECT error FROM pacer_last_run WHERE item = ?", refused))
        .as(db.url())
        .singleElement()
        .asString()
        .contains("refused [" + refused + "]");
    assertThat(db.column("SELECT error FROM pacer_last_run WHERE item = ?", timedOut))
        .as(db.url())
        .singleElement()
        .asString()
        .contains("timed out [" + timedOut + "]");
    assertThat(db.column("SELECT subject FROM pacer_alert WHERE kind = 'item-failing'"))
        .as(db.url())
        .containsExactlyInAnyOrder(refused, timedOut);
    assertThat(db.column("SELECT result FROM history WHERE item = ?", ok))
        .as(db.url())
        .singleElement()
        .satisfies(result -> assertThat(((Number) result).intValue()).isEqualTo(ok.length()));
    assertThat(
            db.count(
                "SELECT COUNT(*) FROM pacer_run WHERE item = ? AND outcome = 'success'", refused))
        .as(db.url())
        .isZero();
  }
}
