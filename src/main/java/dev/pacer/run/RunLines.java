package dev.pacer.run;

import dev.pacer.history.ItemNames;
import dev.pacer.run.RunRecord.Outcome;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log's line per run (logger {@code pacer.run}): a success at INFO, a failure or a run slower
 * than its interval at WARN. At most {@value #PER_SECOND} lines a second: past that, runs are
 * counted, and every {@value #SUMMARY_SECONDS} s one line says how many were not logged one by one
 * (with the logger at DEBUG every run is logged).
 */
final class RunLines {
  private static final Logger runs = LoggerFactory.getLogger("pacer.run");
  static final int PER_SECOND = 20;
  static final int SUMMARY_SECONDS = 10;

  private long second;
  private int linesThisSecond;
  private long summaryDue;
  private long unlogged;
  private long unloggedFailed;
  private long latestLate;

  synchronized void log(RunRecord run, int intervalSeconds) {
    long now = System.nanoTime() / 1_000_000_000L;
    if (now != second) {
      second = now;
      linesThisSecond = 0;
    }
    if (unlogged > 0 && now >= summaryDue) {
      runs.info(
          "{} more runs ended in the last {} s than are logged one by one ({} failed, the latest"
              + " start {} ms late); set logger pacer.run to DEBUG to see each",
          unlogged,
          SUMMARY_SECONDS,
          unloggedFailed,
          latestLate);
      unlogged = 0;
      unloggedFailed = 0;
      latestLate = 0;
    }
    if (linesThisSecond < PER_SECOND || runs.isDebugEnabled()) {
      linesThisSecond++;
      line(run, intervalSeconds);
      return;
    }
    if (unlogged == 0) {
      summaryDue = now + SUMMARY_SECONDS;
    }
    unlogged++;
    unloggedFailed += run.outcome() == Outcome.SUCCESS ? 0 : 1;
    latestLate = Math.max(latestLate, run.lateness().toMillis());
  }

  private static void line(RunRecord run, int intervalSeconds) {
    String item = ItemNames.printable(run.item());
    String context =
        "attempt " + run.attempt() + ", started " + run.lateness().toMillis() + " ms late";
    if (run.outcome() != Outcome.SUCCESS) {
      runs.warn(
          "{} failed in {} ms on {}: {} ({}{})",
          item,
          run.duration().toMillis(),
          run.node(),
          ItemNames.printable(run.error()),
          context,
          run.outcome() == Outcome.RETRY ? "; will retry" : "");
    } else if (intervalSeconds > 0 && run.duration().getSeconds() >= intervalSeconds) {
      runs.warn(
          "{} = {} in {} ms on {} ({}); slower than its {} s interval, so the slots it missed"
              + " follow the misfire policy",
          item,
          Float.toString(run.result().floatValue()),
          run.duration().toMillis(),
          run.node(),
          context,
          intervalSeconds);
    } else {
      // The value as the FLOAT result column holds it.
      runs.info(
          "{} = {} in {} ms on {} ({})",
          item,
          Float.toString(run.result().floatValue()),
          run.duration().toMillis(),
          run.node(),
          context);
    }
  }
}
