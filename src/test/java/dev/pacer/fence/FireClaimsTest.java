package dev.pacer.fence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.db.Database;
import dev.pacer.fence.Claims.Claiming;
import dev.pacer.fence.FireClaims.Fired;
import dev.pacer.run.RunLog;
import dev.pacer.run.RunRecord;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A group's fire claims its members with one row: nothing is written per member, a slot fires once,
 * a member still running when its group fires again is left out (and carried into a claim of its
 * own, which its node records), a claim of one item gives way to the fire that runs it, the members
 * of a node that lost its lease become claims of their own for the look for lost runs, and while a
 * node of an older Pacer runs, fires claim item by item.
 */
class FireClaimsTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final Instant SLOT = Instant.parse("2026-12-07T10:00:00Z");

  @BeforeEach
  void clear() throws Exception {
    db.clearItemsAndScheduler();
  }

  /** A fire's members as the fire reads them: every member of the group. */
  private static final FireClaims.Due EVERY_MEMBER =
      new FireClaims.Due() {
        @Override
        public String columns() {
          return "g.item";
        }

        @Override
        public String item(ResultSet row) throws SQLException {
          return row.getString(1);
        }
      };

  @Test
  void aFireHoldsItsMembersWithOneRowAndItsNextLeavesOutThoseStillRunning() throws Exception {
    // Items whose groups' first slots come in an hour: only this test fires them.
    db.insertItems(3600, "x1", "x2", "x3", "x4", "x5", "x6");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      String group = groupWithMembers(6, 2);
      List<String> members =
          db
              .column("SELECT item FROM pacer_group WHERE group_name = ? ORDER BY item", group)
              .stream()
              .map(String.class::cast)
              .toList();
      FireClaims fires = node.get(FireClaims.class);
      Claims claims = node.get(Claims.class);

      Fired first = fires.fire(group, SLOT, EVERY_MEMBER);
      assertThat(first.granted().keySet()).containsExactlyInAnyOrderElementsOf(members);
      assertThat(first.granted().get(members.get(0)).fire()).isEqualTo(group);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_claim WHERE token IS NOT NULL"))
          .as("claims of their own")
          .isZero();
      assertThat(db.count("SELECT pending FROM pacer_fire WHERE group_name = ?", group))
          .isEqualTo(members.size());

      Fired again = fires.fire(group, SLOT, EVERY_MEMBER);
      assertThat(again.granted()).as("the same slot again").isEmpty();
      assertThat(again.passed()).containsExactlyInAnyOrderElementsOf(members);

      String done = members.get(0);
      String slow = members.get(1);
      recorded(node, first.granted().get(done), done, SLOT);
      Fired next = fires.fire(group, SLOT.plusSeconds(10), EVERY_MEMBER);
      assertThat(next.granted()).as("the others still run").containsOnlyKeys(done);
      Claim carried = first.granted().get(slow);
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_claim WHERE item = ? AND owner = 'a' AND token = ?"
                      + " AND slot = ?",
                  slow,
                  carried.token(),
                  SLOT.toEpochMilli()))
          .as("a run still going carried into its own claim, under its fire's token")
          .isEqualTo(1);
      assertThat(claims.claim(List.of(slow), SLOT.plusSeconds(10), 1, false, true).granted())
          .as("a one-shot of it while its run goes on")
          .isEmpty();

      try (Connection connection = node.get(Database.class).connection()) {
        assertThat(fires.recorded(connection, carried, 1))
            .as("its fire no longer holds it")
            .isFalse();
        assertThat(claims.stillHeld(connection, List.of(carried))).containsExactly(carried);
      }
    }
  }

  @Test
  void aFireAndAClaimOfOneOfItsItemsEachGiveWayToTheOther() throws Exception {
    db.insertItems(3600, "z");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      String group = groupWithMembers(1, 1);
      FireClaims fires = node.get(FireClaims.class);
      Claims claims = node.get(Claims.class);
      Claim run = fires.fire(group, SLOT, EVERY_MEMBER).granted().get("z");

      Claiming sameSlot = claims.claim(List.of("z"), SLOT, 1, false, true);
      assertThat(sameSlot.granted()).isEmpty();
      assertThat(sameSlot.passed()).as("the fire made that attempt").containsExactly("z");
      Claiming later = claims.claim(List.of("z"), SLOT.plusSeconds(5), 1, false, true);
      assertThat(later.granted()).as("a run now, while the fire's run goes on").isEmpty();
      assertThat(later.passed()).isEmpty();
      assertThat(db.count("SELECT COUNT(*) FROM pacer_claim WHERE token IS NOT NULL"))
          .as("claims that gave way")
          .isZero();
      assertThat(claims.claim(List.of("z"), SLOT, 2, false, true).granted())
          .as("a retry before the first attempt is recorded")
          .isEmpty();

      recorded(node, run, "z", SLOT);
      assertThat(claims.claim(List.of("z"), SLOT, 2, false, true).granted())
          .as("a retry once it is")
          .containsOnlyKeys("z");
      assertThat(fires.fire(group, SLOT.plusSeconds(10), EVERY_MEMBER).granted())
          .as("the group's next fire while the retry holds the item")
          .isEmpty();
    }
  }

  @Test
  void aClaimTheDatabaseUndoesToBreakADeadlockIsTakenAgain() throws Exception {
    db.insertItems(3600, "d");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      String group = groupWithMembers(1, 1);
      db.execute(
          "INSERT IGNORE INTO pacer_claim (item) VALUES ('d')",
          "INSERT IGNORE INTO pacer_fire (group_name) VALUES ('" + group + "')");
      Claiming claiming =
          againstARecord(
              group, "d", () -> node.get(Claims.class).claim(List.of("d"), SLOT, 1, false, true));
      assertThat(claiming.granted())
          .as("the claim, taken again once the record's transaction ended")
          .containsOnlyKeys("d");
    }
  }

  @Test
  void aFireTheDatabaseUndoesToBreakADeadlockIsTakenAgain() throws Exception {
    db.insertItems(3600, "e");
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      String group = groupWithMembers(1, 1);
      FireClaims fires = node.get(FireClaims.class);
      fires.fire(group, SLOT, EVERY_MEMBER); // e still runs: the next fire carries it
      Fired next =
          againstARecord(group, "e", () -> fires.fire(group, SLOT.plusSeconds(10), EVERY_MEMBER));
      assertThat(next.granted()).as("e still runs").isEmpty();
      assertThat(db.count("SELECT slot FROM pacer_fire WHERE group_name = ?", group))
          .as("the fire, taken again once the record's transaction ended")
          .isEqualTo(SLOT.plusSeconds(10).toEpochMilli());
    }
  }

  /**
   * Runs {@code claimer} against a transaction that locks as a record does, the item's claim row
   * first and its group's row last, once the claimer holds the group's row and waits for the
   * item's: a deadlock. That transaction has written more, so the database undoes the claimer's.
   */
  private static <T> T againstARecord(String group, String item, Callable<T> claimer)
      throws Exception {
    try (Connection record = db.connection();
        Statement statement = record.createStatement()) {
      record.setAutoCommit(false);
      statement.executeUpdate("UPDATE pacer_claim SET claimed_at = 7 WHERE item = '" + item + "'");
      for (int i = 0; i < 200; i++) {
        statement.executeUpdate(
            "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node, attempt,"
                + " outcome) VALUES ('w"
                + i
                + "', NOW(), NOW(), NOW(), 'a', 1, 'success')");
      }
      CompletableFuture<T> claiming =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return claimer.call();
                } catch (Exception e) {
                  throw new CompletionException(e);
                }
              });
      await()
          .until(
              () ->
                  db.count(
                          "SELECT COUNT(*) FROM information_schema.innodb_trx"
                              + " WHERE trx_state = 'LOCK WAIT'")
                      > 0);
      statement.executeUpdate(
          "UPDATE pacer_fire SET version = version + 1 WHERE group_name = '" + group + "'");
      record.rollback();
      return claiming.get(10, TimeUnit.SECONDS);
    }
  }

  /** The group, once the sync has placed every item, with at least {@code least} members. */
  private static String groupWithMembers(int items, int least) throws SQLException {
    await().until(() -> db.count("SELECT COUNT(*) FROM pacer_group") == items);
    return (String)
        db.column(
                "SELECT group_name FROM pacer_group GROUP BY group_name HAVING COUNT(*) >= ?"
                    + " ORDER BY group_name",
                least)
            .get(0);
  }

  @Test
  void theMembersOfAFireWhoseNodeLostItsLeaseBecomeClaimsOfTheirOwn() throws Exception {
    // A long lease timeout: the node's own look for lost runs does not take them over meanwhile.
    try (TestingNode node =
        TestingNode.on(db).set("node.id", "a").set("cluster.lease-timeout", "60s").start()) {
      db.execute(
          "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
              + " lease_until, since, claims) VALUES ('gone', '2026-01-01 00:00:00', 0, 1000, 3,"
              + " 0, 0, 2)",
          "INSERT INTO pacer_fire (group_name, slot, owner, owner_epoch, token, fired_at, pending,"
              + " members) VALUES ('k', "
              + SLOT.toEpochMilli()
              + ", 'gone', 3, 41, 0, 2, '[\"p\", \"q\"]')");
      FireClaims fires = node.get(FireClaims.class);

      fires.carryLapsed(); // unless the node's own look for lost runs did just now
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_claim WHERE owner = 'gone' AND owner_epoch = 3"
                      + " AND token = 41 AND slot = ? AND item IN ('p', 'q')",
                  SLOT.toEpochMilli()))
          .isEqualTo(2);
      assertThat(db.count("SELECT COUNT(*) FROM pacer_fire WHERE token IS NOT NULL")).isZero();
      assertThat(fires.carryLapsed()).as("nothing more").isZero();
    }
  }

  @Test
  void whileANodeOfAnOlderPacerRunsFiresClaimItemByItem() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("node.id", "a").start()) {
      FireClaims fires = node.get(FireClaims.class);
      assertThat(fires.perItemOnly()).isFalse();
      db.execute(
          "INSERT INTO pacer_member (instance, joined_at, last_checkin, checkin_interval, epoch,"
              + " lease_until, since) VALUES ('older', '2026-01-01 00:00:00',"
              + " UNIX_TIMESTAMP(NOW(3)) * 1000, 1000, 1, UNIX_TIMESTAMP(NOW(3)) * 1000 + 60000,"
              + " 0)");
      await().atMost(Duration.ofSeconds(5)).until(fires::perItemOnly); // read once a renewal
      db.execute("UPDATE pacer_member SET lease_until = 0 WHERE instance = 'older'");
      await().atMost(Duration.ofSeconds(5)).until(() -> !fires.perItemOnly()); // lease lapsed
    }
  }

  /**
   * What recording a fire's member does to the claims: its fire counts it, its last run says so.
   */
  private static void recorded(TestingNode node, Claim claim, String item, Instant slot)
      throws SQLException {
    try (Connection connection = node.get(Database.class).connection()) {
      assertThat(node.get(FireClaims.class).recorded(connection, claim, 1)).isTrue();
      RunLog.append(
          connection,
          List.of(
              new RunRecord(item, slot, slot, slot, "a", 1, RunRecord.Outcome.SUCCESS, 7.0, null)));
    }
  }
}
