package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.settings.MisfirePolicy;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemKeys;
import dev.pacer.sync.SyncService;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Only a crowded phase is split into shards: items of one phase make two groups, for two nodes to
 * share; items spread over phases make one group per phase, each fire costing Quartz the same
 * whatever its size. An item keeps its group while it stays in its phase.
 */
class PhaseSplitTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  /** An hour ahead, at a whole second: nothing fires during the test. */
  private static final Instant FIRST =
      Instant.now().plusSeconds(3600).truncatedTo(ChronoUnit.SECONDS);

  @Test
  void aCrowdedPhaseIsSplitAndSpreadPhasesAreNot() throws Exception {
    try (TestingNode node =
        TestingNode.on(db).set("sync.interval", "1h").set("sync.max-lag", "2h").start()) {
      SyncService sync = node.get(SyncService.class);
      await().until(sync::leading);
      GroupJobs groups = node.get(GroupJobs.class);

      // 20 items of one phase: both shards.
      groups.change(plans("crowd", 20, 3600, i -> FIRST));
      assertThat(groupsOf("crowd")).hasSize(Placement.SHARDS);

      // 100 items over 10 phases of another interval: one group each.
      groups.change(plans("spread", 100, 1800, i -> FIRST.plusSeconds(i % 10)));
      assertThat(groupsOf("spread")).hasSize(10).allMatch(group -> group.contains("ms-0-"));

      // 100 more items of the crowd's interval in other phases: its phase holds a sixth of them,
      // no longer crowded. A crowd item in shard 1 that is paused keeps its group; a new item of
      // the phase goes to shard 0 whatever its name.
      groups.change(plans("others", 100, 3600, i -> FIRST.plusSeconds(1 + i % 10)));
      String inShard1 = nameIn(1, "crowd", 20);
      String group = groupOf(inShard1);
      assertThat(group).contains("ms-1-");
      groups.pause(
          List.of(
              new Plan(
                  inShard1,
                  ItemKeys.jobName(inShard1),
                  3600,
                  MisfirePolicy.RUN_ONCE,
                  true,
                  FIRST)));
      assertThat(groupOf(inShard1)).isEqualTo(group);
      String newcomer = nameIn(1, "newcomer", 100);
      groups.change(plans(newcomer, 1, 3600, i -> FIRST));
      assertThat(groupOf(newcomer)).isEqualTo(group.replace("ms-1-", "ms-0-"));
    }
  }

  /** Items prefix0, prefix1, ... (or the prefix alone, for one). */
  private static List<Plan> plans(
      String prefix, int count, int intervalSeconds, IntFunction<Instant> first) {
    return IntStream.range(0, count)
        .mapToObj(
            i -> {
              String item = count == 1 ? prefix : prefix + i;
              return new Plan(
                  item,
                  ItemKeys.jobName(item),
                  intervalSeconds,
                  MisfirePolicy.RUN_ONCE,
                  false,
                  first.apply(i));
            })
        .toList();
  }

  /** The first of prefix0 .. prefix(count - 1) that a split phase puts in the shard. */
  private static String nameIn(int shard, String prefix, int count) {
    return IntStream.range(0, count)
        .mapToObj(i -> prefix + i)
        .filter(item -> Placement.shardOf(item) == shard)
        .findFirst()
        .orElseThrow();
  }

  private static List<String> groupsOf(String prefix) throws Exception {
    return db
        .column(
            "SELECT DISTINCT group_name FROM pacer_group WHERE item LIKE ? ORDER BY 1",
            prefix + "%")
        .stream()
        .map(String::valueOf)
        .toList();
  }

  private static String groupOf(String item) throws Exception {
    return String.valueOf(
        db.column("SELECT group_name FROM pacer_group WHERE item = ?", item).get(0));
  }
}
