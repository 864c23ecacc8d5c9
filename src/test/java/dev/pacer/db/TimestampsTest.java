package dev.pacer.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Instants keep their milliseconds, also on MariaDB through MySQL Connector/J. */
class TimestampsTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();

  @Test
  void writesTheTextDateTimeFormatterWould() {
    DateTimeFormatter formatter =
        DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    List<Instant> instants =
        new ArrayList<>(
            List.of(
                Instant.EPOCH,
                Instant.parse("2024-02-29T23:59:59.999Z"),
                Instant.parse("2038-01-19T03:14:08.000Z"),
                Instant.parse("9999-12-31T23:59:59.999Z"),
                Instant.parse("0999-12-31T23:59:59.999Z"),
                Instant.parse("+10000-01-01T00:00:00Z"),
                Instant.parse("1969-12-31T23:59:59.001Z"),
                Instant.parse("2026-12-07T22:00:00.000999999Z")));
    Random random = new Random(7);
    for (int i = 0; i < 100_000; i++) {
      instants.add(
          Instant.ofEpochMilli(random.nextLong(-30_000_000_000_000L, 250_000_000_000_000L)));
    }
    for (Instant instant : instants) {
      assertThat(Timestamps.text(instant))
          .as(instant.toString())
          .isEqualTo(formatter.format(instant));
    }
  }

  @Test
  void keepsMillisecondsOnMysqlAndH2() throws Exception {
    Instant instant = Instant.parse("2031-02-03T04:05:06.789Z");
    for (TestingDatabase db : new TestingDatabase[] {mysql, h2}) {
      try (TestingNode node = TestingNode.on(db).build()) {
        Database database = node.get(Database.class);
        node.get(SchemaMigrator.class).apply();
        try (Connection connection = database.connection()) {
          try (PreparedStatement insert =
              connection.prepareStatement(
                  "INSERT INTO pacer_run (item, scheduled_at, started_at, finished_at, node,"
                      + " attempt, outcome) VALUES ('x', ?, ?, ?, 'n', 1, 'success')")) {
            for (int i = 1; i <= 3; i++) {
              Timestamps.set(insert, i, instant);
            }
            insert.executeUpdate();
          }
          try (PreparedStatement select =
                  connection.prepareStatement("SELECT started_at FROM pacer_run");
              ResultSet rows = select.executeQuery()) {
            rows.next();
            assertThat(Timestamps.get(rows, "started_at")).as(db.url()).isEqualTo(instant);
          }
        }
      }
    }
  }
}
