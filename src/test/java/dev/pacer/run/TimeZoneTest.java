package dev.pacer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ItemSchedules;
import dev.pacer.testing.ItemSchedules.ItemSchedule;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.TimeZone;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Instants stay right when neither the JVM (the build runs tests in Asia/Seoul) nor the database
 * server and its clients are in UTC.
 */
class TimeZoneTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  private static String globalTimeZone;

  @BeforeAll
  static void serverNotInUtc() throws Exception {
    assertThat(TimeZone.getDefault().getRawOffset()).as("JVM time zone offset").isNotZero();
    globalTimeZone = (String) db.column("SELECT @@GLOBAL.time_zone").get(0);
    db.execute("SET GLOBAL time_zone = '+05:30'");
  }

  @AfterAll
  static void restoreServer() throws Exception {
    db.execute("SET GLOBAL time_zone = '" + globalTimeZone + "'");
  }

  @Test
  void readsRowsWrittenInAnyZoneAndWritesInstantsEveryZoneReadsRight() throws Exception {
    // A client in New York writes its local wall-clock time: 07:00 at -05:00 is 12:00 UTC.
    try (Connection newYork = db.connection();
        Statement statement = newYork.createStatement()) {
      statement.execute("SET time_zone = '-05:00'");
      statement.execute(
          "CREATE TABLE history (item VARCHAR(255) PRIMARY KEY, last_execution_time TIMESTAMP"
              + " NOT NULL, execution_interval INT NOT NULL, result FLOAT)");
      statement.execute(
          "INSERT INTO history (item, last_execution_time, execution_interval)"
              + " VALUES ('future', '2030-01-01 07:00:00', 60), ('now', NOW(), 1)");
    }

    try (TestingNode node = TestingNode.on(db).start()) {
      ItemSchedule future = await().until(() -> ItemSchedules.on(db).of("future"), s -> s != null);
      assertThat(future.nextFire()).isEqualTo(Instant.parse("2030-01-01T12:01:00Z"));

      Instant before = Instant.now();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> db.count("SELECT COUNT(*) FROM pacer_run WHERE item = 'now'") > 0);

      // pacer_run holds UTC; history's TIMESTAMP reads back as the same instant in any session.
      try (Connection seoul = db.connection();
          Statement statement = seoul.createStatement()) {
        statement.execute("SET time_zone = '+09:00'");
        try (ResultSet row =
            statement.executeQuery(
                "SELECT UNIX_TIMESTAMP(h.last_execution_time),"
                    + " TIMESTAMPDIFF(SECOND, '1970-01-01', r.started_at),"
                    + " TIMESTAMPDIFF(SECOND, CONVERT_TZ(h.last_execution_time, '+09:00', '+00:00'),"
                    + " r.started_at)"
                    + " FROM history h JOIN pacer_run r ON r.item = h.item"
                    + " WHERE h.item = 'now' ORDER BY r.id DESC LIMIT 1")) {
          row.next();
          long lastRun = row.getLong(1);
          long started = row.getLong(2);
          assertThat(lastRun).isEqualTo(started);
          assertThat(Instant.ofEpochSecond(started))
              .isBetween(before.minusSeconds(5), Instant.now().plusSeconds(1));
          assertThat(row.getLong(3)).as("Seoul wall clock shows the same instant").isZero();
        }
      }
    }
  }
}
