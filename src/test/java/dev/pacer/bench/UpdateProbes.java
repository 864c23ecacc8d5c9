package dev.pacer.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Measures how long an UPDATE of execution_interval takes to reach the item's schedule: one after
 * the other, while the load goes on, each probe changes one item's interval and polls (every 5 ms)
 * until the item's group membership has the new interval.
 */
final class UpdateProbes {
  static final int INTERVAL = 3600;

  private final Connection connection;

  UpdateProbes(Connection connection) {
    this.connection = connection;
  }

  static String item(int probe) {
    return "probe" + probe;
  }

  /** Runs the probes, 0.2-1.2 s apart so they meet the sync at every point of its cycle. */
  List<Long> run(int probes) throws SQLException, InterruptedException {
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < probes; i++) {
      Thread.sleep(200 + ThreadLocalRandom.current().nextLong(1000));
      delays.add(probe(item(i)));
    }
    return delays;
  }

  private long probe(String item) throws SQLException, InterruptedException {
    int changed = INTERVAL + 1 + ThreadLocalRandom.current().nextInt(60);
    try (PreparedStatement update =
        connection.prepareStatement("UPDATE history SET execution_interval = ? WHERE item = ?")) {
      update.setInt(1, changed);
      update.setString(2, item);
      update.executeUpdate();
    }
    long start = System.nanoTime();
    while (repeatInterval(item) != changed * 1000L) {
      if (System.nanoTime() - start > Duration.ofMinutes(2).toNanos()) {
        return -1;
      }
      Thread.sleep(5);
    }
    return (System.nanoTime() - start) / 1_000_000;
  }

  /** The item's interval as scheduled: its group row's, ms; -1 if it has none. */
  private long repeatInterval(String item) throws SQLException {
    try (PreparedStatement select =
        connection.prepareStatement("SELECT interval_s * 1000 FROM pacer_group WHERE item = ?")) {
      select.setString(1, item);
      try (ResultSet rows = select.executeQuery()) {
        return rows.next() ? rows.getLong(1) : -1;
      }
    }
  }
}
