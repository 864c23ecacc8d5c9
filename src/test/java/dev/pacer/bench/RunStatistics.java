package dev.pacer.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What pacer_run says about a time window: for each item its phase (the slot grid its first run
 * set), the slots of that grid due in the window, and the runs that started on them.
 */
final class RunStatistics {
  private final Duration interval;
  private final Instant from;
  private final Instant to;
  private final Map<String, List<Run>> runsByItem;

  private RunStatistics(
      Duration interval, Instant from, Instant to, Map<String, List<Run>> runsByItem) {
    this.interval = interval;
    this.from = from;
    this.to = to;
    this.runsByItem = runsByItem;
  }

  record Run(Instant scheduled, Instant started, Instant finished, String outcome, String error) {}

  static RunStatistics read(Connection connection, int intervalSeconds, Instant from, Instant to)
      throws SQLException {
    Map<String, List<Run>> runs = new HashMap<>();
    try (PreparedStatement select =
            connection.prepareStatement(
                "SELECT item, scheduled_at, started_at, finished_at, outcome, error FROM pacer_run"
                    + " ORDER BY id");
        ResultSet rows = select.executeQuery()) {
      while (rows.next()) {
        runs.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
            .add(
                new Run(
                    utc(rows.getObject(2, LocalDateTime.class)),
                    utc(rows.getObject(3, LocalDateTime.class)),
                    utc(rows.getObject(4, LocalDateTime.class)),
                    rows.getString(5),
                    rows.getString(6)));
      }
    }
    return new RunStatistics(Duration.ofSeconds(intervalSeconds), from, to, runs);
  }

  private static Instant utc(LocalDateTime time) {
    return time.toInstant(ZoneOffset.UTC);
  }

  String report(int items) {
    long due = 0;
    long onSlot = 0;
    long successes = 0;
    long offGrid = 0;
    List<Long> lateness = new ArrayList<>();
    List<Long> durations = new ArrayList<>();
    Map<String, Integer> errors = new TreeMap<>();
    long step = interval.toMillis();
    for (List<Run> runs : runsByItem.values()) {
      long phase = Math.floorMod(runs.get(0).scheduled().toEpochMilli(), step);
      long first = from.toEpochMilli() + Math.floorMod(phase - from.toEpochMilli(), step);
      for (long slot = first; slot < to.toEpochMilli(); slot += step) {
        due++;
      }
      for (Run run : runs) {
        long scheduled = run.scheduled().toEpochMilli();
        if (scheduled < from.toEpochMilli() || scheduled >= to.toEpochMilli()) {
          continue;
        }
        if (Math.floorMod(scheduled, step) != phase) {
          offGrid++; // rescheduled by a misfire: its slot was missed
          continue;
        }
        onSlot++;
        lateness.add(Duration.between(run.scheduled(), run.started()).toMillis());
        durations.add(Duration.between(run.started(), run.finished()).toMillis());
        if (run.outcome().equals("success")) {
          successes++;
        } else {
          errors.merge(String.valueOf(run.error()), 1, Integer::sum);
        }
      }
    }
    due += (long) (items - runsByItem.size()) * (Duration.between(from, to).toMillis() / step);
    StringBuilder text = new StringBuilder();
    text.append(
        String.format(
            "window: %s .. %s (%d s)%n", from, to, Duration.between(from, to).toSeconds()));
    text.append(String.format("items that ran: %d of %d%n", runsByItem.size(), items));
    text.append(
        String.format(
            "slots due: %d; runs on their slot: %d (%.2f%%), successful: %d; runs off their slot (misfired): %d%n",
            due, onSlot, 100.0 * onSlot / Math.max(1, due), successes, offGrid));
    text.append(
        String.format(
            "start lateness ms: p50 %d, p99 %d, max %d%n",
            percentile(lateness, 50), percentile(lateness, 99), percentile(lateness, 100)));
    text.append(
        String.format(
            "run duration ms: p50 %d, p99 %d, max %d%n",
            percentile(durations, 50), percentile(durations, 99), percentile(durations, 100)));
    errors.forEach(
        (error, count) -> text.append(String.format("failures: %d x %s%n", count, error)));
    text.append(timeline());
    return text.toString();
  }

  /** Per interval since the first run: runs started, how many off their slot, lateness. */
  private String timeline() {
    List<Run> all = new ArrayList<>();
    runsByItem.values().forEach(all::addAll);
    Instant start = all.stream().map(Run::started).min(Instant::compareTo).orElse(from);
    Map<Long, List<Long>> lateness = new TreeMap<>();
    Map<Long, Integer> offSlot = new TreeMap<>();
    long step = interval.toMillis();
    for (List<Run> runs : runsByItem.values()) {
      long phase = Math.floorMod(runs.get(0).scheduled().toEpochMilli(), step);
      for (Run run : runs) {
        long bucket = Duration.between(start, run.started()).toMillis() / step;
        lateness
            .computeIfAbsent(bucket, b -> new ArrayList<>())
            .add(Duration.between(run.scheduled(), run.started()).toMillis());
        if (Math.floorMod(run.scheduled().toEpochMilli(), step) != phase) {
          offSlot.merge(bucket, 1, Integer::sum);
        }
      }
    }
    StringBuilder text = new StringBuilder(String.format("timeline, per interval:%n"));
    lateness.forEach(
        (bucket, values) ->
            text.append(
                String.format(
                    "  +%4d s: %5d runs, %5d off slot, lateness p50 %5d max %5d ms%n",
                    bucket * step / 1000,
                    values.size(),
                    offSlot.getOrDefault(bucket, 0),
                    percentile(values, 50),
                    percentile(values, 100))));
    return text.toString();
  }

  private static long percentile(List<Long> values, int percentile) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
  }
}
