package dev.pacer.group;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.fence.Claims;
import dev.pacer.fence.NodeLease;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A node looks for the claims of lapsed leases when {@code pacer_member} changes (a lease lapses, a
 * node rejoins), and until a look finds none, not at every renewal: a look scans a row per item.
 */
class LostRunsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  @Test
  void looksForLapsedClaimsWhenAnIncarnationChanges() throws Exception {
    db.clearItemsAndScheduler();
    db.execute(
        "DELETE FROM pacer_claim",
        "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
            + " lease_until, since) VALUES ('gone', '2026-01-01 00:00:00',"
            + " UNIX_TIMESTAMP(NOW(3)) * 1000, 1000, 1, 0, 0)",
        claimOf("first", 7));
    try (TestingNode node = TestingNode.on(db).set("cluster.lease-timeout", "2s").start()) {
      LostRuns lost = node.get(LostRuns.class);
      // 'first' is no group's member any more: its lapsed claim is dropped.
      await().atMost(Duration.ofSeconds(15)).until(() -> claims("first") == 0);
      await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(15)).until(unchanged(lost));
      long looks = lost.looks();

      // Nothing in pacer_member changes: no look, although renewals go on.
      db.execute(claimOf("second", 8));
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(5))
          .until(() -> lost.looks() == looks);
      assertThat(claims("second")).isOne();

      // The node comes back as a new incarnation, and that lease lapses too: a look.
      db.execute("UPDATE pacer_member SET epoch = 2 WHERE instance = 'gone'");
      await().atMost(Duration.ofSeconds(15)).until(() -> claims("second") == 0);
      assertThat(lost.looks()).isGreaterThan(looks);
    }
  }

  @Test
  void runsItsOwnEarlierIncarnationsLostAttemptsAgainAtOnce() throws Exception {
    db.clearItemsAndScheduler();
    db.execute("DELETE FROM pacer_claim", "DELETE FROM pacer_member");
    db.insertItems(2, "mine");
    try (TestingNode node =
        TestingNode.on(db).set("node.id", "a").set("cluster.lease-timeout", "60s").start()) {
      await().atMost(Duration.ofSeconds(20)).until(() -> runs("mine") > 0);
      // A claim its earlier incarnation left (say, taken as the database went away, the answer
      // lost): no other node may take it over before a lease timeout, this one need not wait.
      db.execute(
          "UPDATE pacer_claim SET owner = 'a', owner_epoch = 0, token = 99,"
              + " slot = UNIX_TIMESTAMP(NOW(3)) * 1000 - 500, attempt = 1 WHERE item = 'mine'",
          "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
              + " lease_until, since) VALUES ('other', '2026-01-01 00:00:00', 0, 1000, 1, 0, 0)");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM pacer_run WHERE item = 'mine' AND node = 'a'"
                              + " AND outcome = 'abandoned'")
                      == 1);
      assertThat(node.get(NodeLease.class).mayTakeOver())
          .as("taken over within the lease timeout")
          .isFalse();
      long before = runs("mine");
      await().atMost(Duration.ofSeconds(20)).until(() -> runs("mine") > before);
    }
  }

  @Test
  void aNodeThatLeftAndComesBackDoesNotTakeItsEarlierIncarnationsClaimsForItsOwn()
      throws Exception {
    db.clearItemsAndScheduler();
    // Node a left the cluster (its row goes) while a run of 'left' was in flight.
    db.execute(
        "DELETE FROM pacer_claim",
        "DELETE FROM pacer_member",
        "INSERT INTO pacer_claim (item, owner, owner_epoch, token, slot, attempt, claimed_at)"
            + " VALUES ('left', 'a', 1, 99, UNIX_TIMESTAMP(NOW(3)) * 1000 - 500, 1, 0)");
    db.insertItems(2, "left");
    try (TestingNode node =
        TestingNode.on(db).set("node.id", "a").set("cluster.lease-timeout", "60s").start()) {
      assertThat(node.get(NodeLease.class).epoch()).isEqualTo(2);
      await().atMost(Duration.ofSeconds(20)).until(() -> runs("left") > 0);
    }
  }

  @Test
  void aClaimTakenOverNamesTheAttemptItsNodeRunsSoTheNextTakeOverRunsTheOneAfter()
      throws Exception {
    db.clearItemsAndScheduler();
    db.execute("DELETE FROM pacer_claim", "DELETE FROM pacer_member");
    try (TestingNode node =
        TestingNode.on(db).set("node.id", "a").set("cluster.lease-timeout", "60s").start()) {
      LostRuns lost = node.get(LostRuns.class);
      await().atMost(Duration.ofSeconds(20)).until(() -> lost.looks() > 0); // none again now
      Instant slot = Instant.now().minusSeconds(1);
      db.execute(
          "INSERT INTO pacer_claim (item, owner, owner_epoch, token, slot, attempt, claimed_at)"
              + " VALUES ('w', 'a', 0, 99, "
              + slot.toEpochMilli()
              + ", 1, 0)");

      Claims.Claiming taken = node.get(Claims.class).claim(List.of("w"), slot, 1, true, true);

      assertThat(taken.granted().get("w").takenOver().attempt()).isEqualTo(1);
      assertThat(db.count("SELECT attempt FROM pacer_claim WHERE item = 'w'"))
          .as("the re-run is attempt 2, and its claim says so")
          .isEqualTo(2);
    }
  }

  private static long runs(String item) throws Exception {
    return db.count("SELECT COUNT(*) FROM pacer_run WHERE item = ? AND outcome = 'success'", item);
  }

  private static String claimOf(String item, long token) {
    return "INSERT INTO pacer_claim (item, owner, owner_epoch, token, slot, attempt, claimed_at)"
        + " VALUES ('"
        + item
        + "', 'gone', 1, "
        + token
        + ", 0, 1, 0)";
  }

  private static long claims(String item) throws Exception {
    return db.count("SELECT COUNT(*) FROM pacer_claim WHERE item = ?", item);
  }

  /** True while the node's count of looks stays what it was at the previous poll. */
  private static Callable<Boolean> unchanged(LostRuns lost) {
    long[] previous = {-1};
    return () -> {
      long looks = lost.looks();
      boolean same = looks == previous[0];
      previous[0] = looks;
      return same;
    };
  }
}
