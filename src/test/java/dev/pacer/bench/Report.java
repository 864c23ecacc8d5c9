package dev.pacer.bench;

import java.io.PrintStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** The benchmark's result, printed as a Markdown block for docs/benchmarks.md. */
record Report(
    Instant from,
    Instant to,
    long due,
    List<Long> lateness,
    Map<String, Long> counters,
    List<NodeUse> nodes,
    double serverCpuCores,
    List<Long> probes,
    Metrics.Ticks probeQuietTicks,
    Metrics.Ticks probeChangedTicks) {

  Report withProbes(List<Long> measured, Metrics.Ticks quiet, Metrics.Ticks changed) {
    return new Report(
        from, to, due, lateness, counters, nodes, serverCpuCores, measured, quiet, changed);
  }

  record NodeUse(
      String node, double cpuCores, double heapMiB, double syncTickMillis, long rssMiB) {}

  void print(PrintStream out, String setup) {
    double seconds = (to.toEpochMilli() - from.toEpochMilli()) / 1000.0;
    long completed = lateness.size();
    List<Long> sorted = new ArrayList<>(lateness);
    Collections.sort(sorted);
    out.println();
    out.println("Setup: " + setup);
    out.println();
    out.println("| Measure | Value |");
    out.println("|---|---|");
    row(out, "due runs", Long.toString(due));
    row(out, "completed runs", Long.toString(completed));
    row(out, "completion", String.format("%.1f %%", 100.0 * completed / Math.max(1, due)));
    row(out, "runs/s", String.format("%.0f", completed / seconds));
    row(out, "write-backs/s", String.format("%.0f", completed / seconds));
    row(
        out,
        "lateness p50 / p99 / max",
        String.format(
            "%d / %d / %d ms",
            percentile(sorted, 50), percentile(sorted, 99), percentile(sorted, 100)));
    for (String counter : List.of("Com_select", "Com_insert", "Com_update", "Com_delete")) {
      row(out, counter + " per run", perRun(counter, completed));
    }
    row(out, "commits per run (Handler_commit)", perRun("Handler_commit", completed));
    row(out, "row lock waits per run", perRun("Innodb_row_lock_waits", completed));
    row(
        out,
        "InnoDB pages read from disk per run (buffer pool misses)",
        perRun("Innodb_buffer_pool_reads", completed));
    for (NodeUse node : nodes) {
      row(
          out,
          node.node(),
          String.format(
              "CPU %.3f cores, heap %.0f MiB, RSS %d MiB, quiet sync tick mean %.1f ms while"
                  + " measured",
              node.cpuCores(), node.heapMiB(), node.rssMiB(), node.syncTickMillis()));
    }
    row(
        out,
        "database server CPU",
        Double.isNaN(serverCpuCores)
            ? "not on this machine"
            : String.format("%.3f cores", serverCpuCores));
    List<Long> probeSorted = new ArrayList<>(probes);
    Collections.sort(probeSorted);
    row(
        out,
        "the leader's sync ticks while probing: quiet mean / changed mean (changed ticks)",
        String.format(
            "%.1f / %.1f ms (%.0f)",
            probeQuietTicks.meanMillis(),
            probeChangedTicks.meanMillis(),
            probeChangedTicks.count()));
    row(
        out,
        "of those, ticks within 100 ms: quiet / changed",
        String.format(
            "%.0f of %.0f / %.0f of %.0f",
            probeQuietTicks.within100ms(),
            probeQuietTicks.count(),
            probeChangedTicks.within100ms(),
            probeChangedTicks.count()));
    row(
        out,
        "UPDATE-to-effect p50 / p99 / max (" + probes.size() + " probes)",
        String.format(
            "%d / %d / %d ms",
            percentile(probeSorted, 50),
            percentile(probeSorted, 99),
            percentile(probeSorted, 100)));
  }

  private String perRun(String counter, long completed) {
    return String.format("%.2f", counters.get(counter) / (double) Math.max(1, completed));
  }

  private static void row(PrintStream out, String name, String value) {
    out.println("| " + name + " | " + value + " |");
  }

  private static long percentile(List<Long> sorted, int percent) {
    if (sorted.isEmpty()) {
      return -1;
    }
    int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
