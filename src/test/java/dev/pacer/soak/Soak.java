package dev.pacer.soak;

import dev.pacer.testing.ClockShift;
import dev.pacer.testing.ExecutionLog;
import dev.pacer.testing.ExecutionLog.Execution;
import dev.pacer.testing.OwnMariaDb;
import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Pacer under one fault a minute, for as long as asked: nodes started with bin/start.sh (each
 * behind its own proxy to a MariaDB server of the soak's own, each clock movable) run slow and fast
 * items of the command collector, whose script logs every real execution. Each minute one fault at
 * random (or those --faults names): a node killed with kill -9 (started again 10 s later), a node
 * cut off (connections closed) or in a black hole for 30 s, the database killed with kill -9 and
 * started again 20 s later, or a node's clock moved 10 s for 30 s. At the end it prints what ran:
 * executions, overlapping executions, slots collected twice, collections that ended but are not in
 * the run log, and the longest wait between two executions of an item, by class and fault. Run it
 * with bin/soak.
 */
@Command(name = "soak", mixinStandardHelpOptions = true, sortOptions = false)
public final class Soak implements Callable<Integer> {
  @Option(names = "--minutes", description = "How long (default ${DEFAULT-VALUE})")
  int minutes = 10;

  @Option(names = "--nodes", description = "Nodes (default ${DEFAULT-VALUE})")
  int nodes = 3;

  @Option(
      names = "--items",
      description = "Items per class, fast and slow (default ${DEFAULT-VALUE})")
  int items = 20;

  @Option(names = "--interval", description = "Items' interval, s (default ${DEFAULT-VALUE})")
  int interval = 2;

  @Option(
      names = "--set",
      description = "A node setting for every node, key=value (e.g. schedule.group-window=100ms)")
  Map<String, String> settings = new HashMap<>();

  @Option(names = "--seed", description = "Seed of the faults' order (default: random)")
  Long seed;

  @Option(
      names = "--faults",
      split = ",",
      description =
          "These faults in this order, one a minute, instead of random ones: kill, closed,"
              + " blackhole, db, ahead or behind, each with :node for a node's (e.g."
              + " kill:soak-c,db)")
  List<String> faults;

  /** The items' classes: name, seconds a collection takes. */
  private static final Map<String, Double> CLASSES = Map.of("fast", 0.2, "slow", 3.0);

  /** How long after a fault a wait still counts as the fault's: the cadence bound's slack. */
  private static final Duration RECOVERY = Duration.ofSeconds(15);

  /** A fault injected: its kind, what it did, and when. */
  private record Window(String kind, String name, Instant from, Instant to) {
    /** Whether a wait between these instants (epoch ms) overlaps the fault or its recovery. */
    boolean spans(long start, long end) {
      return start < to.plus(RECOVERY).toEpochMilli() && end > from.toEpochMilli();
    }
  }

  private final List<Window> windows = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new Soak()).execute(args));
  }

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    for (String asked : faults == null ? List.<String>of() : faults) {
      String[] parts = asked.split(":", 2);
      if (!KINDS.contains(parts[0])) {
        throw new ParameterException(
            spec.commandLine(), "--faults: no fault " + parts[0] + "; one of " + KINDS);
      }
      if (parts.length == 2
          && (!parts[1].matches("soak-[a-z]") || parts[1].charAt(5) - 'a' >= nodes)) {
        throw new ParameterException(
            spec.commandLine(),
            "--faults: no node " + parts[1] + " among the " + nodes + " (soak-a, soak-b, ...)");
      }
    }
    Random random = new Random(seed == null ? System.nanoTime() : seed);
    Path work = Files.createDirectories(Path.of("target", "soak-" + System.currentTimeMillis()));
    ExecutionLog executions = ExecutionLog.in(work);
    try (OwnMariaDb server = OwnMariaDb.start()) {
      server.createDatabase("pacer");
      List<Node> cluster = new ArrayList<>();
      for (int i = 0; i < nodes; i++) {
        cluster.add(new Node("soak-" + (char) ('a' + i), server, executions, work));
      }
      for (Node node : cluster) {
        node.start();
      }
      for (Node node : cluster) {
        node.process.awaitHealthy(Duration.ofSeconds(120));
      }
      insertItems(server);
      Instant started = Instant.now();
      log(
          "%d nodes, %d items every %d s; faults for %d minutes",
          nodes, items * 2, interval, minutes);
      for (int minute = 0; minute < minutes; minute++) {
        Instant next = started.plus(Duration.ofMinutes(minute + 1));
        if (minute > 0) { // the first minute without a fault
          inject(fault(minute - 1, random, cluster), server);
        }
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), next).toMillis()));
      }
      for (Node node : cluster) {
        node.process.terminate(Duration.ofSeconds(60));
      }
      report(executions, server, Duration.between(started, Instant.now()));
    }
    return 0;
  }

  private static final List<String> KINDS =
      List.of("kill", "closed", "blackhole", "db", "ahead", "behind");

  /** A fault: its kind and the node it strikes. */
  private record Fault(String kind, Node node) {}

  /** The fault of a minute: the one asked for (none after the list), or one drawn at random. */
  private Fault fault(int index, Random random, List<Node> cluster) {
    Node drawn = cluster.get(random.nextInt(cluster.size()));
    if (faults == null) {
      return new Fault(KINDS.get(random.nextInt(KINDS.size())), drawn);
    }
    if (index >= faults.size()) {
      return null;
    }
    String[] asked = faults.get(index).split(":", 2); // checked in call()
    Node node =
        asked.length == 1
            ? drawn
            : cluster.stream().filter(n -> n.id.equals(asked[1])).findFirst().orElseThrow();
    return new Fault(asked[0], node);
  }

  private void inject(Fault chosen, OwnMariaDb server) throws Exception {
    if (chosen == null) {
      return;
    }
    Node node = chosen.node();
    Instant from = Instant.now();
    String fault;
    switch (chosen.kind()) {
      case "kill" -> {
        fault = "kill -9 " + node.id;
        node.process.kill();
        Thread.sleep(10_000);
        node.start();
        node.process.awaitHealthy(Duration.ofSeconds(120));
      }
      case "closed" -> {
        fault = "cut " + node.id + " off (closed)";
        node.proxy.cut();
        Thread.sleep(30_000);
        node.proxy.restore();
      }
      case "blackhole" -> {
        fault = "cut " + node.id + " off (black hole)";
        node.proxy.blackhole();
        Thread.sleep(30_000);
        node.proxy.restore();
      }
      case "db" -> {
        fault = "database kill -9, back after 20 s";
        server.kill();
        Thread.sleep(20_000);
        server.startServer();
      }
      default -> {
        Duration offset = Duration.ofSeconds(chosen.kind().equals("ahead") ? 10 : -10);
        fault = "clock of " + node.id + " moved " + offset.toSeconds() + " s";
        node.clock.shift(offset);
        Thread.sleep(30_000);
        node.clock.shift(Duration.ZERO);
      }
    }
    windows.add(new Window(chosen.kind(), fault, from, Instant.now()));
    log("%s (%d s)", fault, Duration.between(from, Instant.now()).toSeconds());
  }

  private void insertItems(OwnMariaDb server) throws Exception {
    try (Connection connection = server.connect("pacer");
        Statement statement = connection.createStatement()) {
      for (String kind : CLASSES.keySet()) {
        for (int i = 0; i < items; i++) {
          String item = kind + i;
          statement.execute(
              "INSERT INTO pacer_item (item, collector, target, timeout_ms) VALUES ('"
                  + item
                  + "', 'command', '"
                  + kind
                  + "', 10000)");
          statement.execute(
              "INSERT INTO history (item, last_execution_time, execution_interval) VALUES ('"
                  + item
                  + "', NOW(), "
                  + interval
                  + ")");
        }
      }
    }
  }

  private void report(ExecutionLog executions, OwnMariaDb server, Duration took) throws Exception {
    List<Execution> all = executions.executions();
    Set<String> recorded = new HashSet<>();
    long abandoned = 0;
    try (Connection connection = server.connect("pacer");
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery(
                "SELECT item, TIMESTAMPDIFF(MICROSECOND, '1970-01-01', scheduled_at) DIV 1000,"
                    + " attempt, outcome FROM pacer_run")) {
      while (rows.next()) {
        recorded.add(rows.getString(1) + " " + rows.getLong(2) + " " + rows.getInt(3));
        abandoned += rows.getString(4).equals("abandoned") ? 1 : 0;
      }
    }
    long ended = all.stream().filter(e -> e.end() >= 0).count();
    long unrecorded =
        all.stream()
            .filter(e -> e.end() >= 0)
            .filter(e -> !recorded.contains(e.item() + " " + e.slot() + " " + e.attempt()))
            .count();
    System.out.println();
    System.out.println(
        "## Soak: "
            + took.toMinutes()
            + " minutes, "
            + nodes
            + " nodes, "
            + items * 2
            + " items every "
            + interval
            + " s"
            + (settings.isEmpty() ? "" : ", " + settings));
    System.out.println();
    System.out.println("Faults, one a minute:");
    windows.forEach(
        window ->
            System.out.println(
                "- "
                    + window.from()
                    + " "
                    + window.name()
                    + " ("
                    + Duration.between(window.from(), window.to()).toSeconds()
                    + " s)"));
    System.out.println();
    System.out.println("| What | Count |");
    System.out.println("|---|---|");
    System.out.println("| executions (collections started) | " + all.size() + " |");
    System.out.println("| collections that ended | " + ended + " |");
    System.out.println(
        "| overlapping executions of one item | " + executions.overlaps().size() + " |");
    System.out.println(
        "| slots collected twice (same item, slot, attempt) | "
            + executions.slotsCollectedTwice().size()
            + " |");
    System.out.println(
        "| collections that ended but are not in the run log | " + unrecorded + " |");
    System.out.println("| attempts recorded as abandoned (taken over) | " + abandoned + " |");
    System.out.println();
    System.out.println("Longest wait between two executions of an item:");
    System.out.println();
    System.out.println("| Class | Longest wait |");
    System.out.println("|---|---|");
    Map<String, List<ExecutionLog.Gap>> gaps = new TreeMap<>();
    for (String kind : CLASSES.keySet()) {
      List<String> names = new ArrayList<>();
      for (int i = 0; i < items; i++) {
        names.add(kind + i);
      }
      gaps.put(kind, executions.gaps(names));
    }
    gaps.forEach(
        (kind, classGaps) ->
            System.out.println(
                "| "
                    + kind
                    + " ("
                    + CLASSES.get(kind)
                    + " s) | "
                    + longest(classGaps.stream()).toMillis() / 1000.0
                    + " s |"));
    System.out.println();
    System.out.println(
        "By fault: the longest wait that overlaps a fault of the kind or the "
            + RECOVERY.toSeconds()
            + " s after it (the database's outage is part of its waits):");
    System.out.println();
    System.out.println("| Fault | Times | " + String.join(" | ", gaps.keySet()) + " |");
    System.out.println("|---|---|" + "---|".repeat(gaps.size()));
    Map<String, List<Window>> byKind = new LinkedHashMap<>();
    KINDS.forEach(
        kind -> byKind.put(kind, windows.stream().filter(w -> w.kind().equals(kind)).toList()));
    byKind.values().removeIf(List::isEmpty);
    byKind.put("no fault", List.of());
    byKind.forEach(
        (kind, of) -> {
          StringBuilder row =
              new StringBuilder("| " + kind + " | " + (of.isEmpty() ? "–" : of.size()) + " |");
          for (List<ExecutionLog.Gap> classGaps : gaps.values()) {
            row.append(' ')
                .append(longestSpanning(classGaps, of).toMillis() / 1000.0)
                .append(" s |");
          }
          System.out.println(row);
        });
    for (Window outage : windows.stream().filter(w -> w.kind().equals("db")).toList()) {
      System.out.println();
      System.out.println(
          "Database back at "
              + outage.to()
              + ": every item ran again within "
              + String.join(
                  ", ",
                  gaps.entrySet().stream()
                      .map(
                          e ->
                              firstRunsAfter(e.getValue(), outage.to()) / 1000.0
                                  + " s ("
                                  + e.getKey()
                                  + ")")
                      .toList()));
    }
    System.out.println();
    executions.overlaps().stream().limit(20).forEach(o -> System.out.println("overlap: " + o));
  }

  /**
   * The longest of the waits that span one of these faults; of no fault, those that span none of
   * this soak's.
   */
  private Duration longestSpanning(List<ExecutionLog.Gap> gaps, List<Window> faults) {
    return longest(
        gaps.stream()
            .filter(
                gap -> {
                  long start = gap.before().start();
                  long end = gap.after().start();
                  return faults.isEmpty()
                      ? windows.stream().noneMatch(w -> w.spans(start, end))
                      : faults.stream().anyMatch(w -> w.spans(start, end));
                }));
  }

  private static Duration longest(java.util.stream.Stream<ExecutionLog.Gap> gaps) {
    return gaps.map(ExecutionLog.Gap::length).max(Duration::compareTo).orElse(Duration.ZERO);
  }

  /** How long after {@code back} the last item's first execution started (of items that ran). */
  private static long firstRunsAfter(List<ExecutionLog.Gap> gaps, Instant back) {
    long at = back.toEpochMilli();
    return gaps.stream()
        .filter(gap -> gap.before().start() < at && gap.after().start() >= at)
        .mapToLong(gap -> gap.after().start() - at)
        .max()
        .orElse(0);
  }

  private static void log(String format, Object... args) {
    System.out.printf(Instant.now() + " " + format + "%n", args);
  }

  /** A node: its process, its proxy to the database, its clock. */
  private final class Node {
    final String id;
    final TestingProxy proxy;
    final ClockShift clock;
    final Map<String, String> environment = new HashMap<>();
    ProcessNode process;

    Node(String id, OwnMariaDb server, ExecutionLog executions, Path work) throws Exception {
      this.id = id;
      this.proxy = new TestingProxy("127.0.0.1", server.port());
      this.clock = ClockShift.in(Files.createDirectories(work.resolve(id)));
      environment.put("PACER_DB_URL", "jdbc:mysql://127.0.0.1:" + proxy.port() + "/pacer");
      environment.put("PACER_DB_USER", "root");
      environment.put("PACER_DB_CONNECT_TIMEOUT", "1s");
      environment.put("PACER_SHUTDOWN_GRACE", "2s");
      environment.put("PACER_CLUSTER_CHECKIN_INTERVAL", "1s");
      for (String kind : CLASSES.keySet()) {
        environment.put(
            "PACER_COLLECTOR_COMMAND_" + kind.toUpperCase() + "_COMMAND",
            executions.command(CLASSES.get(kind)));
      }
      settings.forEach(
          (key, value) ->
              environment.put(
                  "PACER_" + key.toUpperCase().replace('.', '_').replace('-', '_'), value));
      environment.putAll(clock.environment());
    }

    void start() throws Exception {
      process = ProcessNode.start(id, environment);
    }
  }
}
