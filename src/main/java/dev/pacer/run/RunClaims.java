package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.fence.Claim;
import dev.pacer.fence.Claims;
import dev.pacer.fence.Claims.Grant;
import dev.pacer.fence.Claims.Held;
import dev.pacer.fence.FireClaims;
import dev.pacer.history.ItemNames;
import dev.pacer.run.RunRecord.Outcome;
import dev.pacer.settings.MisfirePolicy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Claims the items of attempts before their collectors start ({@link Claims}), and settles what a
 * claim taken over from a lost node means for the run: that node's attempt is recorded as {@code
 * abandoned}, and a re-run of the same slot is its next attempt. A re-run of a lost node's attempt
 * or a retry does not run if the run log shows its slot settled, or a later one recorded.
 */
@Singleton
final class RunClaims {
  private static final Logger log = LoggerFactory.getLogger(RunClaims.class);

  private final Claims claims;
  private final FireClaims fires;
  private final Database database;
  private final Clock clock;

  @Inject
  RunClaims(Claims claims, FireClaims fires, Database database, Clock clock) {
    this.claims = requireNonNull(claims);
    this.fires = requireNonNull(fires);
    this.database = requireNonNull(database);
    this.clock = requireNonNull(clock);
  }

  /**
   * Claims the items of attempts: one statement for each slot and attempt number among them (a
   * group's fire is one). Re-runs of attempts lost with their node take the lost claims over.
   *
   * @return the attempts that may run now, and the items passed by because their slot has had its
   *     run
   */
  Claiming claim(List<Attempt> attempts) throws SQLException {
    List<Claimed> claimed = new ArrayList<>();
    Set<String> passed = new HashSet<>();
    List<RunRecord> abandoned = new ArrayList<>();
    // One claim statement per slot and attempt number (a group's fire is one of them).
    Map<List<Object>, List<Attempt>> alike = new LinkedHashMap<>();
    for (Attempt attempt : attempts) {
      alike
          .computeIfAbsent(
              List.of(
                  attempt.slot(),
                  attempt.number(),
                  attempt.recovering(),
                  attempt.misfire() == MisfirePolicy.CATCH_UP),
              key -> new ArrayList<>())
          .add(attempt);
    }
    for (List<Attempt> same : alike.values()) {
      Attempt first = same.get(0);
      Map<String, Attempt> byItem = new LinkedHashMap<>();
      same.forEach(attempt -> byItem.putIfAbsent(attempt.item(), attempt));
      Claims.Claiming claiming =
          claims.claim(
              byItem.keySet(),
              first.slot(),
              first.number(),
              first.recovering(),
              first.misfire() != MisfirePolicy.CATCH_UP);
      passed.addAll(claiming.passed());
      for (Attempt attempt : byItem.values()) {
        Grant grant = claiming.granted().get(attempt.item());
        if (grant == null) {
          continue;
        }
        Held lost = grant.takenOver();
        if (lost != null) {
          abandoned.add(abandoned(lost));
          if (lost.slotInstant().equals(attempt.slot()) && lost.attempt() >= attempt.number()) {
            attempt = attempt.numbered(lost.attempt() + 1);
          }
        }
        claimed.add(new Claimed(attempt, grant.claim()));
      }
    }
    if (!abandoned.isEmpty() || claimed.stream().anyMatch(c -> c.attempt().mayBeRecorded())) {
      try (Connection connection = database.connection()) {
        RunLog.appendAbandoned(connection, abandoned);
        claimed = unsettled(connection, claimed);
      }
    }
    return new Claiming(claimed, passed);
  }

  /** A group's fire: the attempts it was due to make, and those it may make now. */
  record Fire(List<Attempt> attempts, Claiming claiming) {}

  /**
   * Claims a group's fire at its slot with one row ({@link FireClaims}), the attempts read inside
   * the claim; item by item, as {@link #claim} does, while a node of an older Pacer runs.
   */
  Fire claimFire(String group, Instant slot, Runs.Due due) throws SQLException {
    Map<String, Attempt> attempts = new LinkedHashMap<>();
    FireClaims.Due members =
        new FireClaims.Due() {
          @Override
          public String columns() {
            return due.columns();
          }

          @Override
          public String item(ResultSet row) throws SQLException {
            Attempt attempt = due.attempt(row);
            if (attempt == null) {
              return null;
            }
            attempts.putIfAbsent(attempt.item(), attempt);
            return attempt.item();
          }
        };
    if (fires.perItemOnly()) {
      fires.due(group, members);
      List<Attempt> all = List.copyOf(attempts.values());
      return new Fire(all, claim(all));
    }
    FireClaims.Fired fired = fires.fire(group, slot, members);
    List<Claimed> claimed = new ArrayList<>();
    fired.granted().forEach((item, claim) -> claimed.add(new Claimed(attempts.get(item), claim)));
    return new Fire(List.copyOf(attempts.values()), new Claiming(claimed, fired.passed()));
  }

  /** The attempts that may run now, and the items passed by because their slot had its run. */
  record Claiming(List<Claimed> claimed, Set<String> passed) {
    static final Claiming NONE = new Claiming(List.of(), Set.of());
  }

  /** A lost node's attempt, as the node that took its item over records it. */
  private RunRecord abandoned(Held lost) {
    return new RunRecord(
        lost.item(),
        lost.slotInstant(),
        Instant.ofEpochMilli(lost.claimedAt()),
        clock.instant(),
        lost.owner(),
        lost.attempt(),
        Outcome.ABANDONED,
        null,
        "its node lost its lease during the attempt (it fenced itself or died) and the item was"
            + " taken over");
  }

  /**
   * The claimed attempts that are still to run: a re-run or retry whose slot the run log shows
   * settled (or a later slot recorded) is dropped and its claim freed; one whose attempt is already
   * recorded runs as the next attempt.
   */
  private List<Claimed> unsettled(Connection connection, List<Claimed> claimed)
      throws SQLException {
    List<String> checked =
        claimed.stream()
            .filter(c -> c.attempt().mayBeRecorded())
            .map(c -> c.attempt().item())
            .toList();
    if (checked.isEmpty()) {
      return claimed;
    }
    Map<String, RunLog.Last> latest = RunLog.latest(connection, checked);
    List<Claimed> toRun = new ArrayList<>();
    List<Claim> settled = new ArrayList<>();
    for (Claimed c : claimed) {
      Attempt attempt = c.attempt();
      RunLog.Last last = attempt.mayBeRecorded() ? latest.get(attempt.item()) : null;
      if (last == null || last.slot().isBefore(attempt.slot())) {
        toRun.add(c);
      } else if (last.slot().isAfter(attempt.slot()) || last.finalOutcome()) {
        log.info(
            "{}: attempt {} of the {} slot is not run: the run log shows {}",
            ItemNames.printable(attempt.item()),
            attempt.number(),
            attempt.slot(),
            last.slot().isAfter(attempt.slot())
                ? "a later slot recorded"
                : "the slot settled (" + last.outcome().column() + ")");
        settled.add(c.claim());
      } else {
        int number = Math.max(attempt.number(), last.attempt() + 1);
        toRun.add(new Claimed(attempt.numbered(number), c.claim()));
      }
    }
    claims.free(connection, settled);
    return toRun;
  }
}
