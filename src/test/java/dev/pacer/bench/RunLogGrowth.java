package dev.pacer.bench;

import dev.pacer.run.RunLog;
import dev.pacer.run.RunLogPurge;
import dev.pacer.run.RunRecord;
import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.testing.TestingServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.flywaydb.core.Flyway;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * How fast the database takes run-log rows as the log grows, for a choice of indexes: one
 * connection inserts what N items at interval I would (each item once per interval, in its phase's
 * order) in chunks of 500, as fast as it can, with Pacer's own statements ({@link RunLog#append}:
 * the run log and each item's last run) into a fresh database, and prints the rate and the InnoDB
 * pages read from disk per row every half million rows. With {@code --retention}, every minute of
 * the items' time it also deletes the rows older than that as the sync leader's purge does ({@link
 * RunLogPurge}). Run by {@code bin/benchmark run-log}.
 */
@Command(name = "benchmark run-log", mixinStandardHelpOptions = true)
public final class RunLogGrowth implements Callable<Integer> {
  private static final int CHUNK = 500;
  private static final int REPORT_EVERY = 500_000;

  @Option(names = "--items", description = "Items (default ${DEFAULT-VALUE})")
  int items = 100_000;

  @Option(
      names = "--interval",
      description = "Seconds between an item's runs (default ${DEFAULT-VALUE})")
  int interval = 10;

  @Option(names = "--rows", description = "Rows to insert (default ${DEFAULT-VALUE})")
  long rows = 4_000_000;

  @Option(
      names = "--retention",
      description =
          "Seconds of the items' time rows are kept: every minute of it the older rows are"
              + " deleted (default ${DEFAULT-VALUE}: none are)")
  long retention = 0;

  @Option(
      names = "--indexes",
      description =
          "The table's keys besides its primary key (id), as in CREATE TABLE (default: Pacer's)")
  String indexes =
      "UNIQUE KEY uq_pacer_run_bucket (item_bucket, scheduled_at, attempt, item),"
          + " INDEX idx_pacer_run_started (started_at)";

  public static void main(String[] args) {
    System.exit(new CommandLine(new RunLogGrowth()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    TestingServer server = TestingServer.get();
    String database = "pacer_bench_run_log";
    try (Connection admin = server.connection();
        Statement statement = admin.createStatement()) {
      statement.execute("DROP DATABASE IF EXISTS " + database);
      statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    }
    try (Connection connection =
        DriverManager.getConnection(
            server.url(database) + "?rewriteBatchedStatements=true",
            server.user(),
            server.password())) {
      // Pacer's schema, then pacer_run again with its columns and the keys being measured.
      Flyway.configure(RunLogGrowth.class.getClassLoader())
          .dataSource(server.url(database), server.user(), server.password())
          .locations("classpath:sql/mysql")
          .load()
          .migrate();
      try (Statement statement = connection.createStatement();
          ResultSet created = statement.executeQuery("SHOW CREATE TABLE pacer_run")) {
        created.next();
        String table = created.getString(2);
        statement.execute("DROP TABLE pacer_run");
        statement.execute(
            table.substring(0, table.indexOf("PRIMARY KEY"))
                + "PRIMARY KEY (id), "
                + indexes
                + ") ENGINE=InnoDB DEFAULT CHARSET=utf8mb4");
      }
      System.out.printf(
          "%d items at %d s, %d rows, %s, keys: %s; InnoDB buffer pool %d MiB%n",
          items,
          interval,
          rows,
          retention > 0 ? "kept " + retention + " s" : "none deleted",
          indexes,
          Measurement.variable(connection, "innodb_buffer_pool_size") >> 20);
      insert(connection);
    } finally {
      try (Connection admin = server.connection();
          Statement statement = admin.createStatement()) {
        statement.execute("DROP DATABASE IF EXISTS " + database);
      }
    }
    return 0;
  }

  private void insert(Connection connection) throws SQLException {
    Random random = new Random(1);
    long step = interval * 1000L;
    long[] phase = new long[items];
    Integer[] order = new Integer[items];
    for (int i = 0; i < items; i++) {
      phase[i] = (long) (random.nextDouble() * step);
      order[i] = i;
    }
    Arrays.sort(order, Comparator.comparingLong(i -> phase[i]));
    Instant start = Instant.now().minusSeconds(rows / items * interval + interval);
    connection.setAutoCommit(false);
    long done = 0;
    long lap = System.nanoTime();
    long reads = Measurement.status(connection, "Innodb_buffer_pool_reads");
    long deleted = 0;
    Instant nextPurge = start.plusSeconds(60);
    List<RunRecord> chunk = new ArrayList<>();
    for (long round = 0; done < rows; round++) {
      for (int k = 0; k < items && done < rows; k++) {
        int item = order[k];
        Instant at = start.plusMillis(round * step + phase[item]);
        chunk.add(new RunRecord("item" + item, at, at, at, "bench", 1, Outcome.SUCCESS, 1.0, null));
        if (++done % CHUNK == 0) {
          RunLog.append(connection, chunk);
          connection.commit();
          chunk.clear();
          if (retention > 0 && !at.isBefore(nextPurge)) {
            deleted += RunLogPurge.deleteBefore(connection, at.minusSeconds(retention));
            nextPurge = at.plusSeconds(60);
          }
        }
        if (done % REPORT_EVERY == 0) {
          long now = Measurement.status(connection, "Innodb_buffer_pool_reads");
          System.out.printf(
              "%,11d rows: %,7.0f rows/s, %.2f pages read from disk per row%s%n",
              done,
              REPORT_EVERY / ((System.nanoTime() - lap) / 1e9),
              (now - reads) / (double) REPORT_EVERY,
              retention > 0 ? String.format(", %,d rows deleted meanwhile", deleted) : "");
          lap = System.nanoTime();
          reads = now;
          deleted = 0;
        }
      }
    }
    RunLog.append(connection, chunk);
    connection.commit();
  }
}
