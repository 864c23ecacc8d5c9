package dev.pacer.dashboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.http.Response;
import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.RunHistory;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * When no node runs the items, their next runs pass: the dashboard counts them overdue once they
 * are {@link ItemSnapshot#OVERDUE_AFTER} late, but never a paused item or one not due yet.
 */
class OverdueItemsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void itemsWhoseNextRunPassedWithNoNodeAreOverdue() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("db.pool-size", "10").start()) {
      db.execute("INSERT INTO pacer_item (item, paused) VALUES ('resting', 1)");
      db.insertItems(1, "fast-1", "fast-2", "resting");
      db.insertItems(3600, "hourly");
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_last_run") >= 2);
    }

    try (TestingNode reader = TestingNode.on(db).build()) {
      ItemsApi api =
          new ItemsApi(
              new ItemSnapshots(reader.get(ItemOverview.class), reader.get(Clock.class)),
              reader.get(RunHistory.class));
      JsonNode overdue =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> json(api.get(Map.of("filter", "overdue"))),
                  page -> page.get("matched").asInt() == 2);
      assertThat(overdue.get("items").findValuesAsText("item")).containsExactly("fast-1", "fast-2");
      assertThat(overdue.get("items").findValuesAsText("overdue")).containsOnly("true");
      assertThat(overdue.get("counts").get("overdue").asInt()).isEqualTo(2);
      JsonNode all = json(api.get(Map.of()));
      assertThat(all.get("items").findValuesAsText("item"))
          .containsExactly("fast-1", "fast-2", "hourly", "resting");
      assertThat(all.get("items").findValuesAsText("overdue"))
          .containsExactly("true", "true", "false", "false");
    }
  }

  private static JsonNode json(Response response) throws Exception {
    assertThat(response.status()).isEqualTo(200);
    return JSON.readTree(response.body());
  }
}
