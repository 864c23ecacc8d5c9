package dev.pacer.bench;

/** The few numbers the benchmark reads from a node's /metrics. */
record Metrics(double heapMiB, double syncTicks, double syncSeconds) {
  static Metrics of(String text) {
    double heap = 0;
    double count = 0;
    double sum = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (line.startsWith("jvm_memory_used_bytes{") && line.contains("area=\"heap\"")) {
        heap += value;
      } else if (line.startsWith("pacer_sync_duration_seconds_count")) {
        count = value;
      } else if (line.startsWith("pacer_sync_duration_seconds_sum")) {
        sum = value;
      }
    }
    return new Metrics(heap / 1024 / 1024, count, sum);
  }

  /** The mean sync tick (ms) between an earlier reading and this one. */
  double meanTickMillisSince(Metrics earlier) {
    double ticks = syncTicks - earlier.syncTicks;
    return ticks == 0 ? 0 : (syncSeconds - earlier.syncSeconds) / ticks * 1000;
  }
}
