package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.fence.Claim;
import dev.pacer.fence.NodeLease;
import dev.pacer.run.ItemRunner.Ran;
import dev.pacer.settings.MisfirePolicy;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Records the run log would refuse. A fire's member that ended while its node was cut off, whose
 * attempt another node took over meanwhile (and recorded as abandoned before it ran the next): when
 * the node records it, it is left out as taken over, not refused by the run log as a duplicate, and
 * the other members, still the node's, are recorded with it. An attempt the run log holds already
 * is not recorded again, and one the database refuses outright: either way its claim is freed, so
 * the item runs on.
 */
class TakenOverRecordTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final Instant SLOT = Instant.parse("2026-12-07T10:00:00Z");

  @Test
  void aMemberTakenOverIsNotRecordedAndTheOthersAre() throws Exception {
    db.clearItemsAndScheduler();
    db.insertItems(3600, "p", "q", "r");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      long epoch = node.get(NodeLease.class).epoch();
      // Fire 'k' of node a ran p and q while the node was cut off: its members were carried into
      // claims of their own; node b took p's over and recorded the lost attempt, not yet q's. It
      // took r's own claim over too (r is told apart before the fire's members, whose record is
      // then tried again: r is still taken over once).
      db.execute(
          "INSERT INTO pacer_fire (group_name, slot, pending) VALUES ('k', "
              + SLOT.toEpochMilli()
              + ", 0)",
          "REPLACE INTO pacer_claim (item, owner, owner_epoch, token, slot, attempt, claimed_at)"
              + " VALUES ('p', 'b', 1, 99, "
              + SLOT.toEpochMilli()
              + ", 2, 0), ('q', 'a', "
              + epoch
              + ", 41, "
              + SLOT.toEpochMilli()
              + ", 1, 0), ('r', 'b', 1, 98, "
              + SLOT.toEpochMilli()
              + ", 1, 0)",
          "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
              + " outcome, error) VALUES ('p', '2026-12-07 10:00:00', '2026-12-07 10:00:00',"
              + " '2026-12-07 10:00:09', 'b', 1, 'abandoned', 'its node lost its lease')");
      RunRecorder recorder = node.get(RunRecorder.class);

      var recorded =
          recorder.record(
              List.of(
                  ran("r", new Claim("r", "a", epoch, 40, null)),
                  ran("p", new Claim("p", "a", epoch, 41, "k")),
                  ran("q", new Claim("q", "a", epoch, 41, "k"))));

      assertThat(recorded.keySet()).extracting(r -> r.run().item()).containsExactly("q");
      assertThat(recorder.superseded()).isEqualTo(2);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'p' AND node = 'a'"))
          .isZero();
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'q' AND node = 'a'"))
          .isOne();
    }
  }

  @Test
  void anAttemptTheRunLogHoldsAlreadyFreesItsClaim() throws Exception {
    db.clearItemsAndScheduler();
    db.insertItems(3600, "r");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      long epoch = node.get(NodeLease.class).epoch();
      db.execute(
          ownClaim("r", epoch, 42),
          "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
              + " outcome, result) VALUES ('r', '2026-12-07 10:00:00', '2026-12-07 10:00:00',"
              + " '2026-12-07 10:00:01', 'b', 1, 'success', 7)");
      RunRecorder recorder = node.get(RunRecorder.class);

      var recorded = recorder.record(List.of(ran("r", new Claim("r", "a", epoch, 42))));

      assertThat(recorded).isEmpty();
      assertThat(recorder.superseded()).isOne();
      assertThat(db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'r'")).isOne();
      assertThat(db.count("SELECT COUNT(*) FROM pacer_claim WHERE item = 'r' AND token IS NULL"))
          .isOne();
    }
  }

  @Test
  void aRunTheDatabaseRefusesToRecordFreesItsClaim() throws Exception {
    db.clearItemsAndScheduler();
    db.insertItems(3600, "s");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      long epoch = node.get(NodeLease.class).epoch();
      db.execute(
          ownClaim("s", epoch, 43),
          "CREATE TRIGGER pacer_run_refused BEFORE INSERT ON pacer_run FOR EACH ROW"
              + " SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'the run log refuses every row'");
      try {
        var recorded =
            node.get(RunRecorder.class).record(List.of(ran("s", new Claim("s", "a", epoch, 43))));

        assertThat(recorded).isEmpty();
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    db.count("SELECT COUNT(*) FROM pacer_claim WHERE item = 's' AND token IS NULL")
                        == 1);
      } finally {
        db.execute("DROP TRIGGER pacer_run_refused");
      }
    }
  }

  /** Node a's claim of the item's own row, attempt 1 of the slot. */
  private static String ownClaim(String item, long epoch, long token) {
    return "REPLACE INTO pacer_claim (item, owner, owner_epoch, token, slot, attempt, claimed_at)"
        + " VALUES ('"
        + item
        + "', 'a', "
        + epoch
        + ", "
        + token
        + ", "
        + SLOT.toEpochMilli()
        + ", 1, 0)";
  }

  private static Ran ran(String item, Claim claim) {
    Attempt attempt =
        new Attempt(
            item, 3600, SLOT, 1, SLOT, SLOT.plusSeconds(3600), false, MisfirePolicy.RUN_ONCE);
    RunRecord run =
        new RunRecord(
            item, SLOT, SLOT, SLOT.plusSeconds(1), "a", 1, RunRecord.Outcome.SUCCESS, 1.0, null);
    return new Ran(attempt, run, SLOT, null, claim, CompletableFuture.completedFuture(null), false);
  }
}
