package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** In a history table with a binary collation, names differing only in case are two items. */
class CaseSensitiveHistoryTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @Test
  void namesDifferingOnlyInCaseAreSeparateItems() throws Exception {
    db.execute(
        "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP"
            + " NOT NULL, execution_interval INT NOT NULL, result FLOAT)"
            + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
    db.insertItems(1, "Load", "load", "LOAD");
    // The collector counts capital letters, so each row's write-back can be told apart.
    TestingCollector capitals =
        new TestingCollector(
            "capitals", item -> item.chars().filter(Character::isUpperCase).count());

    try (TestingNode node = TestingNode.on(db).collector(capitals).start()) {
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> db.count("SELECT COUNT(*) FROM history WHERE result IS NOT NULL") == 3);
      assertThat(ItemSchedules.on(db).items()).containsExactlyInAnyOrder("Load", "load", "LOAD");
    }

    assertThat(db.column("SELECT CONCAT(item, '=', result) FROM history ORDER BY item"))
        .containsExactly("LOAD=4", "Load=1", "load=0");
  }
}
