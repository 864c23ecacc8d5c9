package dev.pacer.bench;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.pacer.node.Node;
import dev.pacer.node.PacerConfigs;
import dev.pacer.node.PacerModule;
import dev.pacer.testing.TestingHttpServer;
import java.lang.management.ManagementFactory;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Many slow HTTP checks on one node: {@code --items} items every {@code --interval} seconds, each a
 * GET of a local server that answers after {@code --delay}, through the real http collector. After
 * {@code --warmup} it measures {@code --measure} (a multiple of the interval) and reports, from
 * pacer_run, the slots due against the runs that started on them and how late they started.
 *
 * <pre>
 * mvn -q -DskipTests package
 * java -cp "target/test-classes:target/pacer.jar:target/lib/*" dev.pacer.bench.SlowHttpBenchmark \
 *     --items=1000 --interval=10 --delay=2s --warmup=30s --measure=120s [--threads=250]
 * </pre>
 *
 * Not a unit test: it needs a few minutes and the machine to itself. The database is a fresh one on
 * {@code --server} (default jdbc:mysql://127.0.0.1:3306, user root, no password), dropped after.
 */
public final class SlowHttpBenchmark {
  public static void main(String[] args) throws Exception {
    Map<String, String> options = options(args);
    int items = Integer.parseInt(options.getOrDefault("items", "1000"));
    int interval = Integer.parseInt(options.getOrDefault("interval", "10"));
    Duration delay = dev.pacer.config.Durations.parse(options.getOrDefault("delay", "2s"));
    Duration warmup = dev.pacer.config.Durations.parse(options.getOrDefault("warmup", "30s"));
    Duration measure = dev.pacer.config.Durations.parse(options.getOrDefault("measure", "120s"));
    String server = options.getOrDefault("server", "jdbc:mysql://127.0.0.1:3306");
    String user = options.getOrDefault("user", "root");
    String password = options.getOrDefault("password", "");
    String database =
        "pacer_bench_" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16));

    Map<String, String> config = new HashMap<>();
    config.put("db.url", server + "/" + database);
    config.put("db.user", user);
    config.put("db.password", password);
    config.put("http.port", "0");
    config.put("collector.default", "noop");
    for (String key : new String[] {"threads", "pool-size"}) {
      if (options.containsKey(key)) {
        config.put(key.equals("threads") ? "scheduler.threads" : "db.pool-size", options.get(key));
      }
    }

    execute(server + "/", user, password, "CREATE DATABASE " + database);
    try (TestingHttpServer http = new TestingHttpServer().answer("/slow", 200, "ok", delay)) {
      Injector injector =
          Guice.createInjector(
              Stage.PRODUCTION, new PacerModule(PacerConfigs.loader().load(config, Map.of())));
      Node node = injector.getInstance(Node.class);
      injector.getInstance(dev.pacer.db.SchemaMigrator.class).apply();
      insertItems(config, items, interval, http.url("/slow"));
      System.out.printf(
          "%d items every %d s, each a GET answered after %d ms; %s%n",
          items, interval, delay.toMillis(), describe(config));
      node.start(false);
      Thread.sleep(warmup.toMillis());
      Instant from = Instant.now();
      Thread.sleep(measure.toMillis());
      Instant to = Instant.now();
      // Runs due in the window may still be in flight: let them finish.
      Thread.sleep(delay.toMillis() + 3_000);
      int peakThreads = ManagementFactory.getThreadMXBean().getPeakThreadCount();
      node.stop();
      try (Connection connection =
          DriverManager.getConnection(config.get("db.url"), user, password)) {
        RunStatistics statistics = RunStatistics.read(connection, interval, from, to);
        System.out.print(statistics.report(items));
      }
      System.out.printf("peak JVM threads: %d%n", peakThreads);
    } finally {
      execute(server + "/", user, password, "DROP DATABASE IF EXISTS " + database);
    }
    System.exit(0);
  }

  private static String describe(Map<String, String> config) {
    return "scheduler.threads="
        + config.getOrDefault("scheduler.threads", "(default)")
        + ", db.pool-size="
        + config.getOrDefault("db.pool-size", "(default)")
        + ", "
        + Runtime.getRuntime().availableProcessors()
        + " CPUs";
  }

  /** Rows as an operator would add them: overdue, so the node spreads them over the interval. */
  private static void insertItems(Map<String, String> config, int items, int interval, String url)
      throws SQLException {
    try (Connection connection =
            DriverManager.getConnection(
                config.get("db.url"), config.get("db.user"), config.get("db.password"));
        PreparedStatement history =
            connection.prepareStatement(
                "INSERT INTO history (item, last_execution_time, execution_interval)"
                    + " VALUES (?, ?, ?)");
        PreparedStatement settings =
            connection.prepareStatement(
                "INSERT INTO pacer_item (item, collector, target) VALUES (?, 'http', ?)")) {
      Timestamp overdue = Timestamp.from(Instant.now().minusSeconds(3L * interval));
      for (int i = 0; i < items; i++) {
        history.setString(1, "check-" + i);
        history.setTimestamp(2, overdue);
        history.setInt(3, interval);
        history.addBatch();
        settings.setString(1, "check-" + i);
        settings.setString(2, url);
        settings.addBatch();
      }
      history.executeBatch();
      settings.executeBatch();
    }
  }

  private static void execute(String url, String user, String password, String sql)
      throws SQLException {
    try (Connection connection = DriverManager.getConnection(url, user, password);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static Map<String, String> options(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      String[] pair = arg.replaceFirst("^--", "").split("=", 2);
      options.put(pair[0], pair.length > 1 ? pair[1] : "true");
    }
    return options;
  }
}
