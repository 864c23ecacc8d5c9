package dev.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.TestingCollector;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} counts an item as late only when its run should have started a while ago: not
 * while the run is being fired or running, as every item of a healthy cluster is at its slot.
 */
class StatusLatenessTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int ITEMS = 10;

  @TempDir Path directory;

  @Test
  void aHealthyClusterMidSlotHasNoLateItemsAndAStoppedOneHasThemAll() throws Exception {
    Map<String, String> properties = db.nodeProperties();
    // A loaded test machine may start a run a few seconds late; that is not what this is about.
    properties.put("misfire.threshold", "4s");
    CommandLineRunner pacer = new CommandLineRunner(directory, properties);
    String[] items = IntStream.range(0, ITEMS).mapToObj(i -> "item" + i).toArray(String[]::new);
    db.insertItems(3, items);
    TestingCollector slow =
        new TestingCollector(
            "slow",
            item -> {
              Thread.sleep(1_500);
              return 1;
            });

    try (TestingNode node =
        TestingNode.on(db).collector(slow).set("misfire.threshold", "4s").start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> db.count("SELECT COUNT(DISTINCT item) FROM pacer_last_run") == ITEMS);
      // Each item runs half of every slot: a status now and then meets runs in flight.
      int samples = 0;
      long running = 0;
      Instant deadline = Instant.now().plusSeconds(60);
      while ((samples < 10 || running == 0) && Instant.now().isBefore(deadline)) {
        JsonNode status = JSON.readTree(pacer.run("status", "--json").out());
        assertThat(status.at("/items/total").asInt()).isEqualTo(ITEMS);
        assertThat(status.at("/items/late").asInt()).as(status.toString()).isZero();
        assertThat(status.at("/items/overdue").asInt()).as(status.toString()).isZero();
        JsonNode list = JSON.readTree(pacer.run("items", "--json").out());
        running += list.findValuesAsText("state").stream().filter("running"::equals).count();
        samples++;
      }
      assertThat(running).as("samples that met runs in flight").isPositive();
    }

    // The cluster stopped, and 10 s pass while no node is there: the groups' next fires and the
    // slots before which their items do not run move 10 s into the past.
    db.execute(
        "UPDATE QRTZ_TRIGGERS SET NEXT_FIRE_TIME = NEXT_FIRE_TIME - 10000",
        "UPDATE pacer_group SET not_before = not_before - 10000");
    CommandLineRunner.Result status = pacer.run("status");
    assertThat(status.out())
        .contains("Cluster: 0 node(s) up")
        .contains("Items: " + ITEMS + " total, " + ITEMS + " late, 0 overdue");
    assertThat(pacer.run("items").out().lines().skip(1))
        .hasSize(ITEMS)
        .allMatch(line -> line.contains("waiting (late)"), "waiting (late)");
  }
}
