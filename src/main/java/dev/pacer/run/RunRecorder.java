package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.db.DatabaseWatch;
import dev.pacer.fence.Claim;
import dev.pacer.fence.Claims;
import dev.pacer.fence.FenceListener;
import dev.pacer.fence.FireClaims;
import dev.pacer.history.HistoryTable;
import dev.pacer.history.HistoryTable.WriteBack;
import dev.pacer.history.ItemNames;
import dev.pacer.run.ItemRunner.Ran;
import dev.pacer.run.RunRecord.Outcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records runs: appends each attempt to the run log, writes a slot's final outcome back to the
 * item's history row and frees the item's claim (counts it off its fire's, or frees its own), in
 * one transaction per chunk, and only for runs whose claim this node still holds (a node whose
 * claim was taken over records nothing of the item). If history refuses a result, the run is still
 * recorded, as a failure with the database's reason. Runs that end while the database cannot be
 * reached wait in memory (at most {@value #WAITING_LIMIT}) and are recorded, once, when it answers
 * again.
 */
@Singleton
public final class RunRecorder implements FenceListener {
  private static final int CHUNK = 500;
  private static final int WAITING_LIMIT = 100_000;
  private static final Duration STUCK = Duration.ofSeconds(5);
  private static final Logger log = LoggerFactory.getLogger(RunRecorder.class);

  private final Database database;
  private final HistoryTable history;
  private final Claims claims;
  private final FireClaims fires;
  private final DatabaseWatch watch;
  private final Deque<Ran> waiting = new ArrayDeque<>();
  private final AtomicLong superseded = new AtomicLong();
  private long dropped;

  @Inject
  public RunRecorder(
      Database database,
      HistoryTable history,
      Claims claims,
      FireClaims fires,
      DatabaseWatch watch) {
    this.database = requireNonNull(database);
    this.history = requireNonNull(history);
    this.claims = requireNonNull(claims);
    this.fires = requireNonNull(fires);
    this.watch = requireNonNull(watch);
  }

  /**
   * Records runs in transactions of {@value #CHUNK}: their own claims checked and freed first, one
   * batched UPDATE of history, one multi-row INSERT into the run log, and last their fires' claims
   * counted off. Runs the node abandoned are skipped.
   *
   * @return the runs as recorded (a run history refused is recorded as a failure), or as they will
   *     be once the database answers again
   */
  public Map<Ran, RunRecord> record(List<Ran> runs) {
    Map<Ran, RunRecord> recorded = new IdentityHashMap<>();
    List<Ran> kept = runs.stream().filter(ran -> !ran.abandoned()).toList();
    for (int from = 0; from < kept.size(); from += CHUNK) {
      List<Ran> chunk = kept.subList(from, Math.min(kept.size(), from + CHUNK));
      try {
        recorded.putAll(recordChunk(chunk));
      } catch (SQLException chunkFailed) {
        if (Database.lostConnection(chunkFailed)) {
          keep(chunk, chunkFailed);
          chunk.forEach(ran -> recorded.put(ran, ran.run()));
          continue;
        }
        for (Ran ran : chunk) {
          RunRecord alone = recordAlone(ran);
          if (alone != null) {
            recorded.put(ran, alone);
          }
        }
      }
    }
    return recorded;
  }

  /**
   * A run the database refused in its chunk, alone; if history refuses it, as a failure.
   *
   * @return the run as recorded, or null if it was not
   */
  private RunRecord recordAlone(Ran ran) {
    try {
      return recordChunk(List.of(ran)).get(ran);
    } catch (SQLException refused) {
      if (Database.lostConnection(refused)) {
        keep(List.of(ran), refused);
        return ran.run();
      }
      RunRecord failed = failedToWriteBack(ran.run(), Database.reason(refused));
      try {
        Ran failure =
            new Ran(ran.attempt(), failed, null, null, ran.claim(), ran.collectorExit(), false);
        if (recordChunk(List.of(failure)).isEmpty()) {
          return null;
        }
        log.error(
            "{}: the database refused its result ({}); recorded as a failure",
            ItemNames.printable(ran.run().item()),
            Database.reason(refused));
        return failed;
      } catch (SQLException e) {
        log.error(
            "Run of {} could not be recorded: {}; its claim is given up, so the item runs on",
            ItemNames.printable(ran.run().item()),
            Database.reason(e));
        ran.collectorExit().thenRun(() -> giveUp(ran.claim()));
        return null;
      }
    }
  }

  /** Frees a claim whose run could not be recorded: counts it off its fire, or frees its own. */
  private void giveUp(Claim claim) {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        if (claim.fire() == null || !fires.recorded(connection, claim, 1)) {
          claims.free(connection, List.of(claim));
        }
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      log.warn(
          "{}: could not give up its claim: {}",
          ItemNames.printable(claim.item()),
          Database.reason(e));
    }
  }

  private static RunRecord failedToWriteBack(RunRecord run, String reason) {
    String error =
        "the database refused "
            + (run.result() == null ? "the write-back" : "the result " + run.result())
            + ": "
            + reason;
    return new RunRecord(
        run.item(),
        run.scheduledAt(),
        run.startedAt(),
        run.finishedAt(),
        run.node(),
        run.attempt(),
        Outcome.FAILURE,
        null,
        run.error() == null ? error : run.error() + "; " + error);
  }

  /**
   * @return the runs recorded (those whose claim was still held)
   */
  private Map<Ran, RunRecord> recordChunk(List<Ran> runs) throws SQLException {
    // Whose collector has stopped, as of now: their claims are freed with the record.
    Set<Ran> running =
        runs.stream().filter(ran -> !ran.collectorExit().isDone()).collect(Collectors.toSet());
    Map<List<Object>, List<Ran>> byFire = new LinkedHashMap<>();
    for (Ran ran : runs) {
      Claim claim = ran.claim();
      if (claim.fire() != null) {
        byFire
            .computeIfAbsent(
                List.of(claim.fire(), claim.owner(), claim.epoch(), claim.token()),
                key -> new ArrayList<>())
            .add(ran);
      }
    }
    // Fires that no longer hold their members: those were carried into claims of their own.
    Set<List<Object>> carried = new HashSet<>();
    boolean skipRecorded = false;
    while (true) {
      try {
        Map<Ran, RunRecord> recorded = recordChunk(runs, running, byFire, carried, skipRecorded);
        if (recorded != null) {
          return recorded;
        }
      } catch (SQLException e) {
        if (!Database.duplicateKey(e) || skipRecorded) {
          throw e;
        }
        // The run log holds an attempt this chunk appends: another node took the item over and
        // recorded the attempt as abandoned (its fire's count-off then finds that), or ran it too.
        skipRecorded = true;
      }
    }
  }

  /**
   * One try at recording a chunk: null if a fire turned out not to hold its members any more (added
   * to {@code carried}, the transaction rolled back). The fires are counted off last, so that their
   * rows are locked only for the commit. If {@code skipRecorded}, attempts the run log holds
   * already are left out of it and of history; their claims are freed all the same.
   */
  private Map<Ran, RunRecord> recordChunk(
      List<Ran> runs,
      Set<Ran> running,
      Map<List<Object>, List<Ran>> byFire,
      Set<List<Object>> carried,
      boolean skipRecorded)
      throws SQLException {
    try (Connection connection = database.connection()) {
      connection.setAutoCommit(false);
      try {
        Set<Claim> held = holdOwn(connection, runs, running);
        List<Ran> fromCarried = new ArrayList<>();
        byFire.forEach(
            (fire, members) -> {
              if (carried.contains(fire)) {
                fromCarried.addAll(members);
              } else {
                members.forEach(ran -> held.add(ran.claim())); // counted off at the end
              }
            });
        held.addAll(holdCarried(connection, fromCarried, running));
        List<WriteBack> writes = new ArrayList<>();
        Map<Ran, RunRecord> recorded = new IdentityHashMap<>();
        List<RunRecord> appended = new ArrayList<>();
        List<Ran> later = new ArrayList<>();
        List<Ran> twice = new ArrayList<>();
        List<Ran> takenOver = new ArrayList<>();
        for (Ran ran : runs) {
          if (!held.contains(ran.claim())) {
            takenOver.add(ran);
            continue;
          }
          if (running.contains(ran)) {
            later.add(ran);
          }
          RunRecord run = ran.run();
          if (skipRecorded
              && RunLog.contains(connection, run.item(), run.scheduledAt(), run.attempt())) {
            twice.add(ran);
            continue;
          }
          recorded.put(ran, run);
          appended.add(run);
          if (ran.lastExecution() != null) {
            writes.add(new WriteBack(run.item(), run.result(), ran.lastExecution()));
          }
        }
        if (!writes.isEmpty()) {
          history.writeBack(connection, writes);
        }
        RunLog.append(connection, appended);
        if (!countOff(connection, running, byFire, carried)) {
          return null;
        }
        connection.commit();
        takenOver.forEach(this::supersede); // once, though the chunk may have been tried again
        twice.forEach(this::recordedAlready);
        later.forEach(this::releaseWhenStopped);
        return recorded;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    }
  }

  /**
   * Each fire counts its members off, if it still holds them; if one does not, all of the
   * transaction is undone (false) and done again, that fire's members looked up in their own
   * claims.
   */
  private boolean countOff(
      Connection connection,
      Set<Ran> running,
      Map<List<Object>, List<Ran>> byFire,
      Set<List<Object>> carried)
      throws SQLException {
    for (Map.Entry<List<Object>, List<Ran>> fire : byFire.entrySet()) {
      if (carried.contains(fire.getKey())) {
        continue;
      }
      List<Ran> members = fire.getValue();
      if (!fires.recorded(connection, members.get(0).claim(), members.size())) {
        connection.rollback();
        carried.add(fire.getKey());
        return false;
      }
      for (Ran ran : members) {
        if (running.contains(ran)) {
          fires.keep(connection, ran.claim(), ran.attempt().slot(), ran.attempt().number());
        }
      }
    }
    return true;
  }

  /**
   * Inside the transaction, first in it: which of the runs' claims of their own this node still
   * holds, their rows locked until the commit, and those of runs whose collector stopped freed.
   * Usually every claim is held and every collector stopped: one statement frees them all.
   */
  private Set<Claim> holdOwn(Connection connection, List<Ran> runs, Set<Ran> running)
      throws SQLException {
    List<Ran> own = runs.stream().filter(ran -> ran.claim().fire() == null).toList();
    List<Claim> all = own.stream().map(Ran::claim).distinct().toList();
    if (all.isEmpty()) {
      return new HashSet<>();
    }
    if (own.stream().noneMatch(running::contains) && claims.free(connection, all) == all.size()) {
      return new HashSet<>(all);
    }
    connection.rollback();
    return holdCarried(connection, own, running);
  }

  /** Claims looked up in their items' rows: those still held, freed where the collector stopped. */
  private Set<Claim> holdCarried(Connection connection, List<Ran> runs, Set<Ran> running)
      throws SQLException {
    if (runs.isEmpty()) {
      return new HashSet<>();
    }
    Set<Claim> held =
        new HashSet<>(
            claims.stillHeld(connection, runs.stream().map(Ran::claim).distinct().toList()));
    claims.free(
        connection,
        runs.stream()
            .filter(ran -> held.contains(ran.claim()) && !running.contains(ran))
            .map(Ran::claim)
            .distinct()
            .toList());
    return held;
  }

  private void supersede(Ran ran) {
    superseded.incrementAndGet();
    log.warn(
        "{}: attempt {} of the {} slot is not recorded: another node took the item over while it"
            + " ran here ({})",
        ItemNames.printable(ran.run().item()),
        ran.run().attempt(),
        ran.run().scheduledAt(),
        ran.run().error() == null ? "value " + ran.run().result() : ran.run().error());
  }

  private void recordedAlready(Ran ran) {
    superseded.incrementAndGet();
    log.warn(
        "{}: attempt {} of the {} slot ran here, but the run log holds that attempt already"
            + " (another node ran it too); not recorded again",
        ItemNames.printable(ran.run().item()),
        ran.run().attempt(),
        ran.run().scheduledAt());
  }

  /** Keeps runs the database could not take, to record them when it answers again. */
  private synchronized void keep(List<Ran> runs, SQLException error) {
    watch.lost(Database.reason(error));
    waiting.addAll(runs);
    while (waiting.size() > WAITING_LIMIT) {
      waiting.removeFirst();
      dropped++;
    }
  }

  /** The database answers: records the runs that waited for it. */
  @Override
  public void reachable() {
    List<Ran> runs;
    long lost;
    synchronized (this) {
      if (waiting.isEmpty() && dropped == 0) {
        return;
      }
      runs = new ArrayList<>(waiting);
      waiting.clear();
      lost = dropped;
      dropped = 0;
    }
    long supersededBefore = superseded.get();
    int recorded = record(runs).size();
    synchronized (this) {
      if (!waiting.isEmpty()) {
        return; // lost again: the next answer records them
      }
    }
    log.info(
        "Recorded {} runs that ended while the database was away{}{}",
        recorded,
        superseded.get() == supersededBefore
            ? ""
            : "; "
                + (superseded.get() - supersededBefore)
                + " not, their items were taken over meanwhile",
        lost == 0
            ? ""
            : "; " + lost + " more were dropped, more than " + WAITING_LIMIT + " waited");
  }

  /**
   * Whether no run waits for the database. Until then a fenced node does not rejoin: the others
   * would take over its earlier incarnation's claims as soon as it did, and run again what it ran.
   */
  @Override
  public synchronized boolean settled() {
    if (waiting.isEmpty()) {
      return true;
    }
    log.info(
        "Waiting to rejoin until {} runs of its earlier incarnation are recorded", waiting.size());
    return false;
  }

  /** Runs waiting for the database. */
  public synchronized int waiting() {
    return waiting.size();
  }

  /** Runs not recorded because another node had taken their items over. */
  public long superseded() {
    return superseded.get();
  }

  /**
   * A collector still running after its run was recorded (a timeout it is slow to obey, or ignores)
   * keeps the item's claim until it stops, so the item does not run again meanwhile.
   */
  private void releaseWhenStopped(Ran ran) {
    String item = ItemNames.printable(ran.claim().item());
    long recorded = System.nanoTime();
    CompletableFuture.delayedExecutor(STUCK.toMillis(), TimeUnit.MILLISECONDS)
        .execute(
            () -> {
              if (!ran.collectorExit().isDone()) {
                log.warn(
                    "{}: its collector still runs {} s after its run ended (it ignores"
                        + " interruption); the item waits for it",
                    item,
                    STUCK.toSeconds());
              }
            });
    ran.collectorExit()
        .thenRun(
            () -> {
              long late = (System.nanoTime() - recorded) / 1_000_000;
              if (late > 1000) {
                log.warn("{}: its collector stopped {} ms after its run ended", item, late);
              }
              try {
                claims.release(List.of(ran.claim()));
              } catch (SQLException e) {
                log.warn("{}: could not free its claim: {}", item, Database.reason(e));
              }
            });
  }
}
