package dev.pacer.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Quartz would take a node for dead whose check-ins look a minute old (its clock a minute behind,
 * or its check-ins stuck behind a busy database) and run its work a second time. Pacer judges by
 * the node's lease, in the database's clock: a node whose lease is valid is alive, whatever its
 * check-in times say; once its lease lapses, it is recovered.
 */
class LeaseJudgedDeathTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @Test
  void aNodeIsDeadWhenItsLeaseLapsedNotWhenItsCheckInsLookOld() throws Exception {
    try (TestingNode node = TestingNode.on(db).start()) {
      db.execute(
          "INSERT INTO QRTZ_SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, LAST_CHECKIN_TIME,"
              + " CHECKIN_INTERVAL) VALUES ('pacer', 'behind', UNIX_TIMESTAMP() * 1000 - 60000,"
              + " 1000)",
          "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
              + " lease_until, since) VALUES ('behind', '2026-01-01 00:00:00',"
              + " UNIX_TIMESTAMP(NOW(3)) * 1000, 1000, 1, UNIX_TIMESTAMP(NOW(3)) * 1000 + 600000,"
              + " 0)");

      // The node judges once it has been a member for a lease timeout (8 s), at each check-in.
      await()
          .during(Duration.ofSeconds(12))
          .atMost(Duration.ofSeconds(15))
          .until(() -> instances("behind") == 1);

      db.execute("UPDATE pacer_member SET lease_until = 0 WHERE instance = 'behind'");
      await().atMost(Duration.ofSeconds(15)).until(() -> instances("behind") == 0);
      assertThat(instances(node.get(PacerScheduler.class).nodeId())).isOne();
    }
  }

  @Test
  void aLapsedNodesWorkIsRecoveredWhenItsLeaseLapsesNotAtTheNextCheckIn() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("cluster.checkin-interval", "60s").start()) {
      db.execute(
          "INSERT INTO QRTZ_SCHEDULER_STATE (SCHED_NAME, INSTANCE_NAME, LAST_CHECKIN_TIME,"
              + " CHECKIN_INTERVAL) VALUES ('pacer', 'gone', UNIX_TIMESTAMP() * 1000, 1000)",
          "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
              + " lease_until, since) VALUES ('gone', '2026-01-01 00:00:00',"
              + " UNIX_TIMESTAMP(NOW(3)) * 1000, 1000, 1, UNIX_TIMESTAMP(NOW(3)) * 1000 + 600000,"
              + " 0)");
      // Once the node may judge (a member for a lease timeout, 8 s), the lapse is seen at its next
      // lease renewal (1 s), not at its next check-in (60 s).
      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> node.get(dev.pacer.fence.NodeLease.class).mayTakeOver());
      db.execute("UPDATE pacer_member SET lease_until = 0 WHERE instance = 'gone'");
      await().atMost(Duration.ofSeconds(10)).until(() -> instances("gone") == 0);
    }
  }

  private static long instances(String name) throws Exception {
    return db.count("SELECT COUNT(*) FROM QRTZ_SCHEDULER_STATE WHERE INSTANCE_NAME = ?", name);
  }
}
