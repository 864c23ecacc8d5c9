package dev.pacer.dashboard;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /api/items} pages, filters and searches the items of a running node on the real database;
 * {@code /api/item} shows an item's runs, {@code /api/alerts} the open alerts.
 */
class ItemsApiTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ODD = "<b>Ünïcode</b> & \"quotes\" ? #1";

  private static TestingNode node;

  @BeforeAll
  static void startANodeWithItemsInEveryState() throws Exception {
    TestingCollector collector =
        new TestingCollector(
            "probe",
            item -> {
              if (item.startsWith("bad-")) {
                throw new IllegalStateException("refused by " + item);
              }
              return 42;
            });
    node =
        TestingNode.on(db)
            .set("db.pool-size", "10")
            .set("alert.failures", "2")
            .collector(collector)
            .start();
    // 250 quiet items (due in an hour), two failing, one working, two paused, one invalid.
    db.insertItems(3600, IntStream.range(0, 250).mapToObj(i -> "item" + i).toArray(String[]::new));
    db.execute("INSERT INTO pacer_item (item, paused) VALUES ('paused-b', 1), ('paused-a', 1)");
    db.insertItems(1, "bad-b", "bad-a", "good", ODD, "paused-b", "paused-a");
    db.insertItems(0, "zero-interval");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () ->
                db.count(
                            "SELECT COUNT(*) FROM pacer_last_run WHERE item LIKE 'bad-%' AND failures >= 2")
                        == 2
                    && db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'good'") >= 2);
  }

  @AfterAll
  static void stopNode() {
    node.close();
  }

  @Test
  void pagesListFailingItemsFirstThenTheRestInNaturalOrder() throws Exception {
    JsonNode first = get("/api/items?size=100");
    assertThat(first.get("counts").get("items").asInt()).isEqualTo(257);
    assertThat(first.get("matched").asInt()).isEqualTo(257);
    assertThat(first.get("pages").asInt()).isEqualTo(3);
    List<String> names = names(first);
    assertThat(names).hasSize(100);
    assertThat(names.subList(0, 6))
        .containsExactly("bad-a", "bad-b", ODD, "good", "item0", "item1");
    assertThat(names.indexOf("item2")).isLessThan(names.indexOf("item10"));
    assertThat(names).containsSequence("item9", "item10", "item11");

    List<String> all = new ArrayList<>(names);
    all.addAll(names(get("/api/items?size=100&page=2")));
    JsonNode last = get("/api/items?size=100&page=3");
    assertThat(last.get("page").asInt()).isEqualTo(3);
    all.addAll(names(last));
    assertThat(all).hasSize(257).doesNotHaveDuplicates();
    assertThat(all.subList(all.size() - 4, all.size()))
        .containsExactly("item249", "paused-a", "paused-b", "zero-interval");

    assertThat(names(get("/api/items?size=100&page=4"))).isEmpty();
    assertThat(names(get("/api/items"))).hasSize(ItemQuery.DEFAULT_SIZE);
  }

  @Test
  void searchFindsAnyPartOfTheNameInAnyCase() throws Exception {
    JsonNode found = get("/api/items?q=" + URLEncoder.encode("TEM24", UTF_8));
    assertThat(names(found))
        .containsExactly(
            "item24", "item240", "item241", "item242", "item243", "item244", "item245", "item246",
            "item247", "item248", "item249");
    assertThat(found.get("matched").asInt()).isEqualTo(11);
    assertThat(found.get("counts").get("items").asInt()).isEqualTo(257);

    assertThat(names(get("/api/items?q=" + URLEncoder.encode("ünïcode</b> &", UTF_8))))
        .containsExactly(ODD);
    assertThat(names(get("/api/items?q=nothing-like-this"))).isEmpty();
    assertThat(names(get("/api/items?filter=failing&q=-a"))).containsExactly("bad-a");
  }

  @Test
  void failingFilterListsExactlyTheFailingItemsWithTheirErrorsAndLateness() throws Exception {
    JsonNode failing = get("/api/items?filter=failing");
    assertThat(names(failing)).containsExactly("bad-a", "bad-b");
    assertThat(failing.get("counts").get("failing").asInt()).isEqualTo(2);
    for (JsonNode item : failing.get("items")) {
      String name = item.get("item").asText();
      assertThat(item.get("lastError").asText())
          .isEqualTo("IllegalStateException: refused by " + name);
      assertThat(item.get("failures").asInt()).isGreaterThanOrEqualTo(2);
      assertThat(item.get("result").isNull()).isTrue();
      JsonNode run = item.get("lastRun");
      assertThat(run.get("outcome").asText()).isNotEqualTo("success");
      long lateness =
          java.time.Instant.parse(run.get("startedAt").asText()).toEpochMilli()
              - java.time.Instant.parse(run.get("scheduledAt").asText()).toEpochMilli();
      assertThat(run.get("latenessMs").asLong()).isEqualTo(lateness);
    }

    JsonNode good = get("/api/items?q=good").get("items").get(0);
    assertThat(good.get("lastError").isNull()).isTrue();
    assertThat(good.get("lastRun").get("outcome").asText()).isEqualTo("success");
    assertThat(good.get("result").asDouble()).isEqualTo(42);
    JsonNode quiet = get("/api/items?q=item7&size=1").get("items").get(0);
    assertThat(quiet.get("lastRun").isNull()).as("never ran").isTrue();
  }

  @Test
  void pausedAndInvalidFilters() throws Exception {
    JsonNode paused = get("/api/items?filter=paused");
    assertThat(names(paused)).containsExactly("paused-a", "paused-b");
    assertThat(paused.get("items").findValuesAsText("state")).containsOnly("paused");
    assertThat(paused.get("items").findValuesAsText("overdue")).containsOnly("false");
    assertThat(paused.get("counts").get("paused").asInt()).isEqualTo(2);

    JsonNode invalid = get("/api/items?filter=invalid");
    assertThat(names(invalid)).containsExactly("zero-interval");
    assertThat(invalid.get("counts").get("invalid").asInt()).isEqualTo(1);
    assertThat(names(get("/api/items?filter=overdue"))).isEmpty();
  }

  @Test
  void refusesParametersThatMakeNoSense() throws Exception {
    for (String query :
        List.of("filter=broken", "page=0", "page=x", "size=0", "size=501", "size=-1")) {
      HttpResponse<String> response = node.http("/api/items?" + query);
      assertThat(response.statusCode()).as(query).isEqualTo(400);
      assertThat(JSON.readTree(response.body()).get("error").asText())
          .as(query)
          .startsWith(query.substring(0, query.indexOf('=')) + ": ");
    }
  }

  @Test
  void anItemsRunsNewestFirstWithTheirErrors() throws Exception {
    JsonNode detail = get("/api/item?name=bad-a");
    assertThat(detail.get("item").get("item").asText()).isEqualTo("bad-a");
    JsonNode runs = detail.get("runs");
    assertThat(runs.size()).isGreaterThanOrEqualTo(2).isLessThanOrEqualTo(ItemApi.RUNS);
    assertThat(runs.get(0).get("scheduledAt").asText())
        .isGreaterThanOrEqualTo(runs.get(1).get("scheduledAt").asText());
    for (JsonNode run : runs) {
      assertThat(run.get("error").asText()).isEqualTo("IllegalStateException: refused by bad-a");
      assertThat(run.get("outcome").asText()).isNotEqualTo("success");
      assertThat(run.get("node").asText()).isNotEmpty();
      assertThat(run.get("attempt").asInt()).isPositive();
      assertThat(run.get("finishedAt").asText()).isNotEmpty();
    }

    JsonNode odd = get("/api/item?name=" + URLEncoder.encode(ODD, UTF_8));
    assertThat(odd.get("item").get("item").asText()).isEqualTo(ODD);
    assertThat(odd.get("runs").findValuesAsText("outcome")).isNotEmpty().containsOnly("success");

    assertThat(node.http("/api/item?name=nonesuch").statusCode()).isEqualTo(404);
    assertThat(node.http("/api/item?name=GOOD").statusCode()).as("names are exact").isEqualTo(404);
    assertThat(node.http("/api/item").statusCode()).isEqualTo(400);
  }

  @Test
  void listsTheOpenAlerts() throws Exception {
    JsonNode alerts =
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> get("/api/alerts"), json -> json.get("total").asInt() == 2);
    assertThat(alerts.get("alerts").findValuesAsText("subject"))
        .containsExactlyInAnyOrder("bad-a", "bad-b");
    assertThat(alerts.get("alerts").findValuesAsText("kind")).containsOnly("item-failing");
    for (JsonNode alert : alerts.get("alerts")) {
      assertThat(alert.get("summary").asText()).contains("refused by");
      assertThat(alert.get("openedAt").asText()).endsWith("Z");
    }
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> response = node.http(path);
    assertThat(response.statusCode()).as(path).isEqualTo(200);
    return JSON.readTree(response.body());
  }

  private static List<String> names(JsonNode page) {
    return StreamSupport.stream(page.get("items").spliterator(), false)
        .map(item -> item.get("item").asText())
        .toList();
  }
}
