package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.db.Timestamps;
import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A database slow to take records makes runs late, not lost, and costs it nothing more. Another
 * session locks the items' history rows from just before a slot: that slot's runs end but cannot be
 * recorded, so at the next slot they still hold their items. That fire waits for their records (at
 * most an interval) and then runs every member, late; it does not pass them by as still running. If
 * the records are still held when its wait runs out, the fire sheds its slot, and carries nothing
 * into claims of its own.
 */
class SlowRecordTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();
  @RegisterExtension final LogCapture log = LogCapture.of(Runs.class);

  private static final int ITEMS = 5;
  private static final int INTERVAL = 2;
  private static final DateTimeFormatter TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @Test
  void aFireWhoseEarlierRecordsAreHeldUpRunsLateNotNever() throws Exception {
    try (TestingNode node = TestingNode.on(db).start()) {
      // Held until half a second after the next slot: within that fire's wait.
      Instant slot = holdRecordsFrom("held", Duration.ofSeconds(INTERVAL).plusMillis(500));
      Instant next = slot.plusSeconds(INTERVAL);
      Instant third = next.plusSeconds(INTERVAL);
      await().atMost(Duration.ofSeconds(30)).until(() -> runsAt("held", third) == ITEMS);
      assertThat(List.of(runsAt("held", slot), runsAt("held", next), runsAt("held", third)))
          .as("runs of the slot before the hold, the slot during it, and the one after")
          .containsExactly((long) ITEMS, (long) ITEMS, (long) ITEMS);
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_run"
                      + " WHERE item LIKE 'held%' AND scheduled_at = ? AND started_at >= ?",
                  text(next), text(next.plusMillis(400))))
          .as("the held slot's runs started once the records were in, about 500 ms late")
          .isEqualTo(ITEMS);
    }
  }

  @Test
  void aFireWhoseRecordsAreStillHeldAfterItsWaitShedsItsSlot() throws Exception {
    try (TestingNode node = TestingNode.on(db).start()) {
      // Held until half a second after the slot after next: past the next fire's wait.
      Instant slot = holdRecordsFrom("shed", Duration.ofSeconds(2L * INTERVAL).plusMillis(500));
      Instant next = slot.plusSeconds(INTERVAL);
      Instant third = next.plusSeconds(INTERVAL);
      await().atMost(Duration.ofSeconds(30)).until(() -> runsAt("shed", third) == ITEMS);
      assertThat(List.of(runsAt("shed", slot), runsAt("shed", next), runsAt("shed", third)))
          .as("runs of the slot before the hold, the shed slot, and the one after")
          .containsExactly((long) ITEMS, 0L, (long) ITEMS);
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_claim WHERE item LIKE 'shed%' AND owner IS NOT NULL"))
          .as("no member was carried into a claim of its own")
          .isZero();
      assertThat(log.messages())
          .anyMatch(m -> m.contains("passed its " + slot.plusSeconds(INTERVAL) + " slot by"));
    }
  }

  @Test
  void aCatchUpGroupDoesNotShedItsSlot() throws Exception {
    try (TestingNode node = TestingNode.on(db).set("misfire.policy", "catch-up").start()) {
      // Held as in the shedding case: the next fire's wait runs out, yet every slot runs.
      Instant slot = holdRecordsFrom("catch", Duration.ofSeconds(2L * INTERVAL).plusMillis(500));
      Instant next = slot.plusSeconds(INTERVAL);
      Instant third = next.plusSeconds(INTERVAL);
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> runsAt("catch", next) == ITEMS && runsAt("catch", third) == ITEMS);
      assertThat(runsAt("catch", slot)).isEqualTo(ITEMS);
      assertThat(log.messages()).noneMatch(m -> m.contains("slot by"));
    }
  }

  /**
   * Inserts the items (last run now, one phase), waits until each has run, and holds their history
   * rows locked from half a second before a slot until {@code after} past it.
   *
   * @return the slot
   */
  private static Instant holdRecordsFrom(String prefix, Duration after) throws Exception {
    Instant last = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    try (Connection connection = db.connection();
        PreparedStatement insert =
            connection.prepareStatement(
                "INSERT INTO history (item, last_execution_time, execution_interval)"
                    + " VALUES (?, ?, ?)")) {
      for (int i = 0; i < ITEMS; i++) {
        insert.setString(1, prefix + i);
        Timestamps.set(insert, 2, last);
        insert.setInt(3, INTERVAL);
        insert.executeUpdate();
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                db.count(
                        "SELECT COUNT(DISTINCT item) FROM pacer_run WHERE item LIKE ?",
                        prefix + "%")
                    == ITEMS);

    // A slot at least 1.5 s ahead: the lock is taken half a second before it.
    long ahead = Duration.between(last, Instant.now().plusMillis(1500)).toSeconds();
    Instant slot = last.plusSeconds((ahead / INTERVAL + 1) * INTERVAL);
    sleepUntil(slot.minusMillis(500));
    try (Connection holder = db.connection();
        Statement statement = holder.createStatement()) {
      holder.setTransactionIsolation(Connection.TRANSACTION_READ_COMMITTED); // the rows, no gaps
      holder.setAutoCommit(false);
      statement.executeQuery(
          "SELECT item FROM history WHERE item LIKE '" + prefix + "%' FOR UPDATE");
      sleepUntil(slot.plus(after)); // what is tested: the records wait meanwhile
      holder.commit();
    }
    return slot;
  }

  private static long runsAt(String prefix, Instant slot) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM pacer_run WHERE item LIKE ? AND scheduled_at = ?",
        prefix + "%",
        text(slot));
  }

  /** An instant as the run log's DATETIME(3) columns hold it (UTC). */
  private static String text(Instant instant) {
    return TEXT.format(instant);
  }

  /** Waits for a moment of the items' schedule (the test acts at times relative to the slots). */
  private static void sleepUntil(Instant moment) throws InterruptedException {
    long millis = Duration.between(Instant.now(), moment).toMillis();
    if (millis > 0) {
      Thread.sleep(millis);
    }
  }
}
