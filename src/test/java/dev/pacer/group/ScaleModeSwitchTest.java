package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Turning scale mode on or off moves every item to the new way of scheduling and removes the old
 * jobs, so no item is left running twice (or not at all).
 */
class ScaleModeSwitchTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @Test
  void itemsMoveBetweenTheirOwnTriggersAndGroupsBothWays() throws Exception {
    db.insertItems(1, "a", "b", "c");

    runUntilScheduled("0s", "pacer", 3);
    runUntilScheduled("100ms", "pacer-group", 3);
    assertThat(db.count("SELECT COUNT(*) FROM pacer_group")).isEqualTo(3);
    runUntilScheduled("0s", "pacer", 3);
    runUntilScheduled("100ms", "pacer-group", 3);
    assertThat(db.count("SELECT COUNT(*) FROM pacer_group")).isEqualTo(3);
  }

  /**
   * Starts a node with this group window and waits until every item is scheduled the new way and
   * none the old (both at once: between the old jobs' removal and the new ones, neither is there),
   * then until it ran all three items.
   */
  private static void runUntilScheduled(String window, String group, int items) throws Exception {
    try (TestingNode node =
        TestingNode.on(db)
            .set("collector.default", "noop")
            .set("schedule.group-window", window)
            .start()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  db.count("SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_GROUP <> ?", group) == 0
                      && scheduledItems(group) == items);
      assertThat(db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = ?", group))
          .isPositive();
      long before = db.count("SELECT COALESCE(MAX(id), 0) FROM pacer_run");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  db.count("SELECT COUNT(DISTINCT item) FROM pacer_run WHERE id > ?", before)
                      == items);
    }
  }

  /** Items with a trigger of this group: their own, or (scale mode) their group's. */
  private static long scheduledItems(String group) throws Exception {
    return group.equals("pacer")
        ? db.count("SELECT COUNT(*) FROM QRTZ_TRIGGERS WHERE TRIGGER_GROUP = 'pacer'")
        : db.count(
            "SELECT COUNT(*) FROM pacer_group g JOIN QRTZ_TRIGGERS t"
                + " ON t.TRIGGER_GROUP = ? AND t.TRIGGER_NAME = g.group_name",
            group);
  }
}
