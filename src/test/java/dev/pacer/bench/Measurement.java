package dev.pacer.bench;

import dev.pacer.testing.ProcessNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the benchmark reads at the start and the end of the measured time. */
final class Measurement {
  private static final List<String> COUNTERS =
      List.of(
          "Com_select",
          "Com_insert",
          "Com_update",
          "Com_delete",
          "Com_commit",
          "Handler_commit",
          "Innodb_row_lock_waits",
          "Innodb_buffer_pool_reads",
          "Innodb_row_lock_time");

  private final Connection connection;
  private final List<ProcessNode> nodes;
  private final Map<String, Long> countersAtStart;
  private final List<Long> cpuAtStart = new ArrayList<>();
  private final List<Metrics> metricsAtStart = new ArrayList<>();
  private final long serverPid;
  private final long serverCpuAtStart;

  Measurement(Connection connection, List<ProcessNode> nodes)
      throws SQLException, IOException, InterruptedException {
    this.connection = connection;
    this.nodes = nodes;
    this.countersAtStart = counters();
    this.serverPid = serverPid();
    this.serverCpuAtStart = serverPid < 0 ? 0 : cpuTicks(serverPid);
    for (ProcessNode node : nodes) {
      cpuAtStart.add(cpuTicks(node.pid()));
      metricsAtStart.add(metrics(node));
    }
  }

  /**
   * Reads the counters, CPU times and node metrics at the end of the measured window: rates and
   * per-run figures cover exactly the window whose runs are counted, not the drain after it.
   */
  Window end() throws SQLException, IOException, InterruptedException {
    Instant to = Instant.now();
    List<Long> cpu = new ArrayList<>();
    List<Metrics> metrics = new ArrayList<>();
    for (ProcessNode node : nodes) {
      cpu.add(cpuTicks(node.pid()));
      metrics.add(metrics(node));
    }
    return new Window(to, counters(), cpu, metrics, serverPid < 0 ? 0 : cpuTicks(serverPid));
  }

  /** What {@link #end} read. */
  record Window(
      Instant to,
      Map<String, Long> counters,
      List<Long> cpu,
      List<Metrics> metrics,
      long serverCpu) {}

  /** The report of the window [from, end.to): runs are counted now, once they had time to end. */
  Report finish(Instant from, Window end, int interval, List<Instant> firstDue)
      throws SQLException, IOException {
    Map<String, Long> delta = new HashMap<>();
    COUNTERS.forEach(c -> delta.put(c, end.counters().get(c) - countersAtStart.get(c)));
    List<Report.NodeUse> use = new ArrayList<>();
    double seconds = (end.to().toEpochMilli() - from.toEpochMilli()) / 1000.0;
    for (int i = 0; i < nodes.size(); i++) {
      ProcessNode node = nodes.get(i);
      double cpu = (end.cpu().get(i) - cpuAtStart.get(i)) / 100.0 / seconds;
      Metrics last = end.metrics().get(i);
      use.add(
          new Report.NodeUse(
              node.id(),
              cpu,
              last.heapMiB(),
              last.quiet().since(metricsAtStart.get(i).quiet()).meanMillis(),
              rssMiB(node.pid())));
    }
    double serverCpu =
        serverPid < 0 ? Double.NaN : (end.serverCpu() - serverCpuAtStart) / 100.0 / seconds;
    return new Report(
        from,
        end.to(),
        due(firstDue, interval, from, end.to()),
        lateness(from, end.to()),
        delta,
        use,
        serverCpu,
        List.of(),
        null,
        null);
  }

  /** The slots in the window: each item is due at its first due time plus whole intervals. */
  private static long due(List<Instant> firstDue, int interval, Instant from, Instant to) {
    long step = interval * 1000L;
    long due = 0;
    for (Instant first : firstDue) {
      long start = first.toEpochMilli();
      long firstInWindow =
          start >= from.toEpochMilli()
              ? start
              : start + Math.floorDiv(from.toEpochMilli() - start + step - 1, step) * step;
      if (firstInWindow < to.toEpochMilli()) {
        due += (to.toEpochMilli() - 1 - firstInWindow) / step + 1;
      }
    }
    return due;
  }

  /** Lateness (ms) of every first attempt scheduled in the window. */
  private List<Long> lateness(Instant from, Instant to) throws SQLException {
    List<Long> lateness = new ArrayList<>();
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT TIMESTAMPDIFF(MICROSECOND, scheduled_at, started_at) FROM pacer_run"
                + " WHERE scheduled_at >= ? AND scheduled_at < ? AND attempt = 1")) {
      select.setObject(1, Benchmark.utc(from));
      select.setObject(2, Benchmark.utc(to));
      select.setFetchSize(Integer.MIN_VALUE);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          lateness.add(rows.getLong(1) / 1000);
        }
      }
    }
    return lateness;
  }

  static Metrics metrics(ProcessNode node) throws IOException, InterruptedException {
    return Metrics.of(node.get("/metrics"));
  }

  private Map<String, Long> counters() throws SQLException {
    Map<String, Long> values = new HashMap<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SHOW GLOBAL STATUS")) {
      while (rows.next()) {
        if (COUNTERS.contains(rows.getString(1))) {
          values.put(rows.getString(1), rows.getLong(2));
        }
      }
    }
    return values;
  }

  /** A numeric server variable. */
  static long variable(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SELECT @@" + name)) {
      row.next();
      return row.getLong(1);
    }
  }

  /** A numeric global status counter. */
  static long status(Connection connection, String name) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet row = statement.executeQuery("SHOW GLOBAL STATUS LIKE '" + name + "'")) {
      row.next();
      return row.getLong(2);
    }
  }

  /** The database server's process, if it runs on this machine (its pid file is here): or -1. */
  private long serverPid() throws SQLException, IOException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT @@pid_file")) {
      rows.next();
      Path pidFile = Path.of(rows.getString(1));
      if (!Files.isReadable(pidFile)) {
        return -1;
      }
      long pid = Long.parseLong(Files.readString(pidFile).trim());
      return Files.exists(Path.of("/proc/" + pid + "/stat")) ? pid : -1;
    }
  }

  private static long cpuTicks(long pid) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
  }

  private static long rssMiB(long pid) throws IOException {
    for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
      }
    }
    return -1;
  }
}
