package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.db.Timestamps;
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
 * A database slow to take records makes runs late, not lost. Another session locks the items'
 * history rows from just before a slot until half a second after the next: the first slot's runs
 * end but cannot be recorded, so at the next slot they still hold their items. That fire waits for
 * their records (at most an interval) and then runs every member, late; it does not pass them by as
 * still running.
 */
class SlowRecordTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql().withSchema();

  private static final int ITEMS = 5;
  private static final int INTERVAL = 2;
  private static final DateTimeFormatter TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @Test
  void aFireWhoseEarlierRecordsAreHeldUpRunsLateNotNever() throws Exception {
    try (TestingNode node = TestingNode.on(db).start()) {
      Instant last = Instant.now().truncatedTo(ChronoUnit.SECONDS);
      try (Connection connection = db.connection();
          PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO history (item, last_execution_time, execution_interval)"
                      + " VALUES (?, ?, ?)")) {
        for (int i = 0; i < ITEMS; i++) {
          insert.setString(1, "held" + i);
          Timestamps.set(insert, 2, last);
          insert.setInt(3, INTERVAL);
          insert.executeUpdate();
        }
      }
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run") >= 2L * ITEMS);

      // A slot at least 1.5 s ahead: the lock is taken half a second before it.
      long ahead = Duration.between(last, Instant.now().plusMillis(1500)).toSeconds();
      Instant slot = last.plusSeconds((ahead / INTERVAL + 1) * INTERVAL);
      sleepUntil(slot.minusMillis(500));
      try (Connection holder = db.connection();
          Statement statement = holder.createStatement()) {
        holder.setAutoCommit(false);
        statement.executeQuery("SELECT item FROM history WHERE item LIKE 'held%' FOR UPDATE");
        sleepUntil(slot.plusSeconds(INTERVAL).plusMillis(500)); // what is tested: records wait
        holder.commit();
      }

      Instant third = slot.plusSeconds(2L * INTERVAL);
      await().atMost(Duration.ofSeconds(30)).until(() -> runsAt(third) == ITEMS);
      assertThat(List.of(runsAt(slot), runsAt(slot.plusSeconds(INTERVAL)), runsAt(third)))
          .as("runs of the slot before the hold, the slot during it, and the one after")
          .containsExactly((long) ITEMS, (long) ITEMS, (long) ITEMS);
      assertThat(
              db.count(
                  "SELECT COUNT(*) FROM pacer_run WHERE scheduled_at = ? AND started_at >= ?",
                  text(slot.plusSeconds(INTERVAL)),
                  text(slot.plusSeconds(INTERVAL).plusMillis(400))))
          .as("the held slot's runs started once the records were in, about 500 ms late")
          .isEqualTo(ITEMS);
    }
  }

  private static long runsAt(Instant slot) throws Exception {
    return db.count(
        "SELECT COUNT(*) FROM pacer_run WHERE item LIKE 'held%' AND scheduled_at = ?", text(slot));
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
