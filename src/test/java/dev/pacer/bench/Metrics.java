package dev.pacer.bench;

/** The few numbers the benchmark reads from a node's /metrics. */
record Metrics(double heapMiB, Ticks quiet, Ticks changed) {
  /** A count of the leader's sync ticks, the seconds they took and how many took 100 ms at most. */
  record Ticks(double count, double seconds, double within100ms) {
    static final Ticks NONE = new Ticks(0, 0, 0);

    /** The ticks between an earlier reading and this one. */
    Ticks since(Ticks earlier) {
      return new Ticks(
          count - earlier.count, seconds - earlier.seconds, within100ms - earlier.within100ms);
    }

    /** The mean tick in ms; 0 without ticks. */
    double meanMillis() {
      return count == 0 ? 0 : seconds / count * 1000;
    }
  }

  static Metrics of(String text) {
    double heap = 0;
    double[] quiet = new double[3];
    double[] changed = new double[3];
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += value;
      } else if (line.startsWith("pacer_sync_duration_seconds_")
          && line.contains("leader=\"true\"")) {
        double[] ticks = line.contains("changed=\"true\"") ? changed : quiet;
        if (line.startsWith("pacer_sync_duration_seconds_count")) {
          ticks[0] = value;
        } else if (line.startsWith("pacer_sync_duration_seconds_sum")) {
          ticks[1] = value;
        } else if (line.startsWith("pacer_sync_duration_seconds_bucket")
            && line.contains("le=\"0.1\"")) {
          ticks[2] = value;
        }
      }
    }
    return new Metrics(
        heap / 1024 / 1024,
        new Ticks(quiet[0], quiet[1], quiet[2]),
        new Ticks(changed[0], changed[1], changed[2]));
  }
}
