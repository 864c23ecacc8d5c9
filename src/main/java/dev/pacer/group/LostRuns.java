package dev.pacer.group;

import static java.util.Objects.requireNonNull;

import dev.pacer.db.Database;
import dev.pacer.fence.Claims;
import dev.pacer.fence.Claims.Held;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.quartz.JobKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs again what lost nodes were running. A node whose lease lapsed (it died, or fenced itself)
 * leaves its claims behind, each naming the slot and attempt it had in flight; every node that may
 * take claims over looks for them every lease renewal, and the first to take one over runs that
 * slot again as its next attempt, unless the run log shows it settled. Until then the item's next
 * slots pass the lost claim by, so a lost attempt is not silently skipped.
 */
@Singleton
final class LostRuns implements NodeService {
  private static final Logger log = LoggerFactory.getLogger(LostRuns.class);
  private static final int BATCH = 500;

  private final Claims claims;
  private final GroupMembers members;
  private final Runs runs;
  private final NodeLease lease;
  private ScheduledExecutorService timer;

  @Inject
  LostRuns(Claims claims, GroupMembers members, Runs runs, NodeLease lease) {
    this.claims = requireNonNull(claims);
    this.members = requireNonNull(members);
    this.runs = requireNonNull(runs);
    this.lease = requireNonNull(lease);
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

  void runAgain() throws SQLException {
    List<Held> lapsed = claims.lapsed(BATCH);
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

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }
}
