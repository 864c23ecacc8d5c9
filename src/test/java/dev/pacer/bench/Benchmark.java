package dev.pacer.bench;

import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Pacer's benchmark: N items at interval I in a fresh database, K nodes started with bin/start.sh
 * as separate processes, D seconds measured. Prints due and completed runs, lateness, throughput,
 * database statements and commits per run, CPU and heap per node, sync tick time and the delay from
 * an UPDATE of execution_interval to the item's schedule using it. Run it with bin/benchmark.
 */
@Command(name = "benchmark", mixinStandardHelpOptions = true, sortOptions = false)
public final class Benchmark implements Callable<Integer> {
  @Option(names = "--items", description = "Items (default ${DEFAULT-VALUE})")
  int items = 1000;

  @Option(
      names = "--interval",
      description = "Seconds between an item's runs (default ${DEFAULT-VALUE})")
  int interval = 1;

  @Option(names = "--nodes", description = "Node processes (default ${DEFAULT-VALUE})")
  int nodes = 1;

  @Option(names = "--duration", description = "Seconds measured (default ${DEFAULT-VALUE})")
  int duration = 60;

  @Option(names = "--warmup", description = "Seconds before measuring (default ${DEFAULT-VALUE})")
  int warmup = 15;

  @Option(names = "--collector", description = "noop or demo (default ${DEFAULT-VALUE})")
  String collector = "noop";

  @Option(
      names = "--same-phase",
      description =
          "All items last ran now (the seed's mock data); default: all overdue, so that Pacer"
              + " spreads them over their interval by name")
  boolean samePhase;

  @Option(names = "--probes", description = "UPDATE-to-effect probes (default ${DEFAULT-VALUE})")
  int probes = 20;

  @Option(
      names = "--keep-database",
      description = "Leave the benchmark's database on the server to look into (default: dropped)")
  boolean keepDatabase;

  @Option(
      names = "--set",
      description = "Extra node configuration, KEY=VALUE as a PACER_ variable or a key")
  Map<String, String> settings = new HashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Benchmark()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    TestingServer server = TestingServer.get();
    String database =
        "pacer_bench_" + DateTimeFormatter.ofPattern("MMddHHmmss").format(LocalDateTime.now());
    try (Connection admin = server.connection();
        Statement statement = admin.createStatement()) {
      statement.execute("CREATE DATABASE " + database + " CHARACTER SET utf8mb4");
    }
    String url = server.url(database);
    Map<String, String> environment = environment(server, url);
    List<Instant> firstDue;
    List<ProcessNode> processes = new ArrayList<>();
    try (Connection connection =
        DriverManager.getConnection(url, server.user(), server.password())) {
      processes.add(ProcessNode.start("bench-1", environment).awaitHealthy(Duration.ofMinutes(3)));
      for (int i = 2; i <= nodes; i++) {
        processes.add(
            ProcessNode.start("bench-" + i, environment).awaitHealthy(Duration.ofMinutes(3)));
      }
      firstDue = insertItems(connection);
      System.out.printf(
          "Loaded %d items at %d s into %s; warming up %d s%n", items, interval, database, warmup);
      Thread.sleep(Duration.ofSeconds(warmup).toMillis());

      Measurement measurement = new Measurement(connection, processes);
      Instant from = Instant.now();
      Thread.sleep(Duration.ofSeconds(duration).toMillis());
      Measurement.Window end = measurement.end();
      // The probes come right after the measured window, before the report's queries read the
      // run log (a scan that would slow the node down while it is probed).
      List<Metrics> before = new ArrayList<>();
      for (ProcessNode process : processes) {
        before.add(Measurement.metrics(process));
      }
      List<Long> delays = new UpdateProbes(connection).run(probes);
      // The leader is the node whose sync read the changed rows.
      Metrics.Ticks quiet = Metrics.Ticks.NONE;
      Metrics.Ticks changed = Metrics.Ticks.NONE;
      for (int i = 0; i < processes.size(); i++) {
        Metrics after = Measurement.metrics(processes.get(i));
        Metrics.Ticks read = after.changed().since(before.get(i).changed());
        if (read.count() > changed.count()) {
          changed = read;
          quiet = after.quiet().since(before.get(i).quiet());
        }
      }
      // Runs of the window's last slots may still be going: give them time to record.
      Instant recorded = end.to().plusSeconds(Math.min(interval, 10) + 5);
      Thread.sleep(Math.max(0, recorded.toEpochMilli() - System.currentTimeMillis()));
      Report report = measurement.finish(from, end, interval, firstDue);
      report = report.withProbes(delays, quiet, changed);
      for (ProcessNode process : processes) {
        process.terminate(Duration.ofMinutes(2));
      }
      report.print(System.out, describe(processes.size(), connection));
    } finally {
      for (ProcessNode process : processes) {
        process.close();
      }
      if (!keepDatabase) {
        try (Connection admin = server.connection();
            Statement statement = admin.createStatement()) {
          statement.execute("DROP DATABASE IF EXISTS " + database);
        }
      }
    }
    return 0;
  }

  private Map<String, String> environment(TestingServer server, String url) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PACER_DB_URL", url);
    environment.put("PACER_DB_USER", server.user());
    environment.put("PACER_DB_PASSWORD", server.password());
    environment.put("PACER_COLLECTOR_DEFAULT", collector);
    environment.put("PACER_OPTS", "-Xmx512m");
    settings.forEach(
        (key, value) ->
            environment.put(
                key.startsWith("PACER_")
                    ? key
                    : dev.pacer.config.ConfigKey.environmentVariable(key),
                value));
    return environment;
  }

  /**
   * Items inserted in transactions of 5,000, as an operator's bulk load would: all last run now
   * ({@code --same-phase}, one phase), or all overdue, which Pacer spreads over their interval by
   * name. Either layout is the same at every run of the benchmark, however long the nodes take to
   * start (items due after the start would keep the phases of their whole-second times, and the
   * others be spread).
   *
   * @return each item's first due time (for the overdue ones, the window's slots are counted the
   *     same for any phase if the window is a whole number of intervals)
   */
  private List<Instant> insertItems(Connection connection) throws SQLException {
    Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
    List<Instant> firstDue = new ArrayList<>();
    connection.setAutoCommit(false);
    try (PreparedStatement insert =
        connection.prepareStatement(
            "INSERT INTO history (item, last_execution_time, execution_interval) VALUES (?, ?, ?)")) {
      for (int i = 0; i < items; i++) {
        Instant last = samePhase ? now : now.minusSeconds(interval + 1L);
        firstDue.add(last.plusSeconds(interval));
        insert.setString(1, "item" + i);
        dev.pacer.db.Timestamps.set(insert, 2, last);
        insert.setInt(3, interval);
        insert.addBatch();
        if (i % 5000 == 4999) {
          insert.executeBatch();
          connection.commit();
        }
      }
      for (int i = 0; i < probes; i++) {
        insert.setString(1, UpdateProbes.item(i));
        dev.pacer.db.Timestamps.set(insert, 2, now);
        insert.setInt(3, UpdateProbes.INTERVAL);
        insert.addBatch();
      }
      insert.executeBatch();
      connection.commit();
    } finally {
      connection.setAutoCommit(true);
    }
    return firstDue;
  }

  private String describe(int nodeCount, Connection connection) throws IOException, SQLException {
    long bufferPool = Measurement.variable(connection, "innodb_buffer_pool_size");
    String cpu =
        Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(l -> l.startsWith("model name"))
            .findFirst()
            .map(l -> l.substring(l.indexOf(':') + 2))
            .orElse("?");
    return String.format(
        "%d items every %d s, %s collector, %s, %d node(s), %d s measured after %d s;"
            + " settings %s; %s, %d cores, host %s; InnoDB buffer pool %d MiB",
        items,
        interval,
        collector,
        samePhase ? "one phase" : "loaded overdue, phases spread by name",
        nodeCount,
        duration,
        warmup,
        settings.isEmpty() ? "defaults" : settings,
        cpu,
        Runtime.getRuntime().availableProcessors(),
        InetAddress.getLocalHost().getHostName(),
        bufferPool / 1024 / 1024);
  }

  static LocalDateTime utc(Instant instant) {
    return LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
  }
}
