package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.fence.Claims;
import dev.pacer.fence.Claims.Held;
import dev.pacer.fence.Claims.Incarnation;
import dev.pacer.fence.FireClaims;
import dev.pacer.fence.NodeLease;
import dev.pacer.group.GroupMembers.Member;
import dev.pacer.node.NodeService;
import dev.pacer.run.Attempt;
import dev.pacer.run.Runs;
import dev.pacer.sync.ItemKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs again what lost nodes were running. A node whose lease lapsed (it died, or fenced itself)
 * leaves its claims behind (its fires' members not yet recorded are carried into claims of their
 * own first, see {@link FireClaims}), each naming the slot and attempt it had in flight; every node
 * that may take claims over looks for them when a lease lapses or a node rejoins, and the first to
 * take one over runs that slot again as its next attempt, unless the run log shows it settled.
 * Until then the item's next slots pass the lost claim by, so a lost attempt is not silently
 * skipped. A node that rejoins (or restarts) runs its own earlier incarnation's lost attempts again
 * at once: only another node's wait a lease timeout, for their own node to come back and record
 * them.
 */
@Singleton
final class LostRuns implements NodeService {
  private static final Logger log = LoggerFactory.getLogger(LostRuns.class);
  private static final int BATCH = 500;

  private final Claims claims;
  private final FireClaims fires;
  private final GroupMembers members;
  private final Runs runs;
  private final NodeLease lease;
  private final PacerScheduler scheduler;
  private ScheduledExecutorService timer;

  /** The incarnations as the last look for lapsed claims found them; null before the first. */
  private Set<Incarnation> lookedAt;

  /** Whether the last look was for every node's lapsed claims, not only this node's. */
  private boolean lookedAtAnyNode;

  /** Whether the last look found lapsed claims: they may not all have been taken over. */
  private boolean lapsedLeft;

  private long looks;

  @Inject
  LostRuns(
      Claims claims,
      FireClaims fires,
      GroupMembers members,
      Runs runs,
      NodeLease lease,
      PacerScheduler scheduler) {
    this.claims = requireNonNull(claims);
    this.fires = requireNonNull(fires);
    this.members = requireNonNull(members);
    this.runs = requireNonNull(runs);
    this.lease = requireNonNull(lease);
    this.scheduler = requireNonNull(scheduler);
  }

  @Override
  public synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread thread = new Thread(task, "pacer-lost-runs");
              thread.setDaemon(true);
              return thread;
            });
    long every = lease.renewal().toMillis();
    timer.scheduleWithFixedDelay(this::runAgainQuietly, every, every, TimeUnit.MILLISECONDS);
  }

  private void runAgainQuietly() {
    try {
      runAgain();
    } catch (SQLException e) {
      log.debug("Lost runs not looked for: {}", Database.reason(e));
    } catch (RuntimeException e) {
      log.warn("Lost runs not looked for: {}", e.toString());
    }
  }

  /**
   * Looks for lapsed claims when they may have appeared: on the first look, when the incarnations
   * in {@code pacer_member} changed since the last look (a lease lapsed, a node rejoined), and
   * again after a look that found some, until one finds none. A look scans the claims, one row per
   * item: every second it would cost more than everything else the database does at 100,000 items.
   */
  synchronized void runAgain() throws SQLException {
    if (!lease.mayRun()) {
      return;
    }
    boolean anyNode = lease.mayTakeOver();
    Set<Incarnation> incarnations = claims.incarnations();
    if (!lapsedLeft && incarnations.equals(lookedAt) && anyNode == lookedAtAnyNode) {
      return;
    }
    int carried = fires.carryLapsed(); // their members become claims of their own, lapsed too
    List<Held> lapsed = claims.lapsed(BATCH, anyNode);
    boolean newlyLapsed =
        anyNode
            && incarnations.stream()
                .anyMatch(i -> !i.live() && (lookedAt == null || !lookedAt.contains(i)));
    looks++;
    lookedAt = incarnations;
    lookedAtAnyNode = anyNode;
    lapsedLeft = !lapsed.isEmpty() || carried > 0;
    rerun(lapsed);
    if (newlyLapsed) {
      // Quartz would recover the triggers the lapsed node had acquired at its next check-in.
      scheduler.recoverLapsedNodes();
    }
  }

  private void rerun(List<Held> lapsed) throws SQLException {
    if (lapsed.isEmpty()) {
      return;
    }
    Map<String, Member> groups = members.of(lapsed.stream().map(Held::item).toList());
    for (Held lost : lapsed) {
      Member member = groups.get(lost.item());
      if (member == null) {
        claims.drop(lost); // its item is gone
        continue;
      }
      Instant slot = lost.slotInstant();
      Attempt attempt =
          new Attempt(
              lost.item(),
              member.intervalSeconds(),
              slot,
              lost.attempt(),
              null,
              slot.plusSeconds(member.intervalSeconds()),
              true,
              member.misfire());
      runs.start(JobKey.jobKey(member.group(), ItemKeys.GROUPED), Instant.now(), List.of(attempt));
    }
  }

  /** How many times this node looked for lapsed claims. */
  synchronized long looks() {
    return looks;
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
