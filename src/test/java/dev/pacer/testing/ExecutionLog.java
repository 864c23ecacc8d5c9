package dev.pacer.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What collectors really executed, written by the collection script itself (not by Pacer): every
 * execution appends a start line and, unless it is killed, an end line to one file shared by all
 * nodes. Overlaps and slots collected twice are judged from it, not from {@code pacer_run}. An
 * execution holds a lock on its item's file for as long as it (or any process it started) lives, so
 * one that starts while another of its item still runs, even a killed one's orphan, finds the lock
 * taken and logs an overlap.
 */
public final class ExecutionLog {
  private final Path file;
  private final Path script;

  private ExecutionLog(Path file, Path script) {
    this.file = file;
    this.script = script;
  }

  /**
   * Writes {@code collect.sh} into {@code directory}: {@code collect.sh SECONDS} logs its start,
   * sleeps, logs its end and prints 1. Each line: {@code start|end ID ITEM NODE SLOT ATTEMPT
   * EPOCH_MS}, where ID tells the executions apart.
   */
  public static ExecutionLog in(Path directory) throws IOException {
    Path file = directory.resolve("executions.log");
    Path script = directory.resolve("collect.sh");
    Path locks = Files.createDirectories(directory.resolve("locks"));
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "log() { echo \"$1 $$ $PACER_ITEM ${PACER_NODE:--} ${PACER_SLOT:--}"
            + " ${PACER_ATTEMPT:--} $(date +%s%3N)\" >> '"
            + file
            + "'; }\n"
            + "exec 9>>'"
            + locks
            + "'/\"$PACER_ITEM\"\n"
            + "flock -n 9 || log overlap\n"
            + "log start\n"
            + "sleep \"$1\"\n"
            + "log end\n"
            + "echo 1\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
    Files.writeString(file, "");
    return new ExecutionLog(file, script);
  }

  /** The command line that collects for {@code seconds}, for {@code collector.command.*}. */
  public String command(double seconds) {
    return "'" + script + "' " + seconds;
  }

  /** One execution: end is -1 while it runs or if it was killed. */
  public record Execution(
      String id, String item, String node, String slot, String attempt, long start, long end) {}

  public List<Execution> executions() throws IOException {
    return read(new ArrayList<>());
  }

  private List<Execution> read(List<String> lockOverlaps) throws IOException {
    Map<String, Execution> byId = new LinkedHashMap<>();
    for (String line : Files.readAllLines(file)) {
      String[] f = line.trim().split(" ");
      if (f.length != 7) {
        continue; // a line cut short when the file was read
      }
      String id = f[1] + "/" + f[2];
      long at = Long.parseLong(f[6]);
      if (f[0].equals("overlap")) {
        lockOverlaps.add(line);
      } else if (f[0].equals("start")) {
        byId.put(id, new Execution(id, f[2], f[3], f[4], f[5], at, -1));
      } else {
        Execution started = byId.get(id);
        if (started != null) {
          byId.put(
              id,
              new Execution(
                  id,
                  started.item(),
                  started.node(),
                  started.slot(),
                  started.attempt(),
                  started.start(),
                  at));
        }
      }
    }
    return new ArrayList<>(byId.values());
  }

  /**
   * Executions that started while another of their item was still running: each found the item's
   * lock taken.
   */
  public List<String> overlaps() throws IOException {
    List<String> overlaps = new ArrayList<>();
    read(overlaps);
    return overlaps;
  }

  /** Two consecutive executions of one item, and the time between their starts. */
  public record Gap(Duration length, Execution before, Execution after) {
    @Override
    public String toString() {
      return before == null
          ? "no gap"
          : length.toMillis() + " ms between " + before + " and " + after;
    }
  }

  /** The longest of {@link #gaps}, naming the two executions around it. */
  public Gap widestGap(java.util.Collection<String> items) throws IOException {
    return gaps(items).stream()
        .max(java.util.Comparator.comparing(Gap::length))
        .orElse(new Gap(Duration.ZERO, null, null));
  }

  /** Every time between the starts of two consecutive executions of one of the items. */
  public List<Gap> gaps(java.util.Collection<String> items) throws IOException {
    Map<String, List<Execution>> byItem = new HashMap<>();
    for (Execution execution : executions()) {
      if (items.contains(execution.item())) {
        byItem.computeIfAbsent(execution.item(), item -> new ArrayList<>()).add(execution);
      }
    }
    List<Gap> gaps = new ArrayList<>();
    for (List<Execution> runs : byItem.values()) {
      runs.sort(java.util.Comparator.comparingLong(Execution::start));
      for (int i = 1; i < runs.size(); i++) {
        long length = runs.get(i).start() - runs.get(i - 1).start();
        gaps.add(new Gap(Duration.ofMillis(length), runs.get(i - 1), runs.get(i)));
      }
    }
    return gaps;
  }

  /** Slots (item, slot, attempt) that more than one execution served. */
  public List<String> slotsCollectedTwice() throws IOException {
    Map<String, Integer> counts = new HashMap<>();
    for (Execution execution : executions()) {
      if (!execution.slot().equals("-")) {
        counts.merge(
            execution.item() + " " + execution.slot() + " " + execution.attempt(), 1, Integer::sum);
      }
    }
    return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).toList();
  }
}
