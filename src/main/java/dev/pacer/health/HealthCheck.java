package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.db.DatabaseWatch;
import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.Member;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node's health in the shape of Airflow's {@code /health}, so existing watchdogs work unchanged.
 * The scheduler heartbeat is this node's last cluster check-in as the database holds it; the
 * scheduler is unhealthy too while the node is not ready ({@link Readiness}), and says why. The
 * cluster's members are those checked in and those that died (their check-ins stopped).
 */
@Singleton
public final class HealthCheck {
  private static final DateTimeFormatter AIRFLOW_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final DatabaseWatch watch;
  private final ClusterMembers members;
  private final PacerScheduler scheduler;
  private final Probes probes;
  private final Clock clock;

  @Inject
  public HealthCheck(
      DatabaseWatch watch,
      ClusterMembers members,
      PacerScheduler scheduler,
      Probes probes,
      Clock clock) {
    this.watch = requireNonNull(watch);
    this.members = requireNonNull(members);
    this.scheduler = requireNonNull(scheduler);
    this.probes = requireNonNull(probes);
    this.clock = requireNonNull(clock);
  }

  public Health check() {
    List<String> notReady = probes.notReady();
    if (!watch.reachable()) {
      return unreachable(watch.reason(), notReady);
    }
    List<Member> cluster;
    try {
      cluster = members.all();
    } catch (SQLException e) {
      return unreachable(Database.reason(e), notReady);
    }
    Member self =
        cluster.stream().filter(m -> m.node().equals(scheduler.nodeId())).findFirst().orElse(null);
    List<String> problems = new ArrayList<>(notReady);
    Instant now = clock.instant();
    if (self == null) {
      problems.add("scheduler: not checked in");
    } else if (self.silent()) {
      long seconds = Duration.between(self.lastCheckin(), now).toSeconds();
      problems.add("scheduler: its lease lapsed (last renewal " + seconds + " s ago)");
    }
    return new Health(
        true,
        problems.isEmpty(),
        self == null ? null : self.lastCheckin(),
        scheduler.nodeId(),
        cluster,
        null,
        reason(problems));
  }

  private Health unreachable(String databaseReason, List<String> notReady) {
    List<String> problems = new ArrayList<>(notReady);
    if (problems.isEmpty()) {
      problems.add("database: unreachable (" + databaseReason + ")");
    }
    return new Health(
        false, false, null, scheduler.nodeId(), List.of(), databaseReason, reason(problems));
  }

  private static String reason(List<String> problems) {
    return problems.isEmpty() ? null : String.join("; ", problems);
  }

  /**
   * The result of one check.
   *
   * @param databaseReason why the database is unhealthy, or null
   * @param schedulerReason why the scheduler is unhealthy (the readiness problems among them), or
   *     null
   */
  public record Health(
      boolean databaseHealthy,
      boolean schedulerHealthy,
      Instant heartbeat,
      String node,
      List<Member> members,
      String databaseReason,
      String schedulerReason) {

    public Health {
      members = List.copyOf(members);
    }

    public boolean healthy() {
      return databaseHealthy && schedulerHealthy;
    }

    /**
     * Why it is unhealthy, for a log line; null when healthy. A database that is unhealthy makes
     * the scheduler unhealthy too, and the scheduler's reason names it.
     */
    public String reason() {
      return healthy() ? null : schedulerReason;
    }

    /**
     * The JSON body: Airflow's two sections (each with a {@code reason} when unhealthy), the node
     * id, and the cluster's members.
     */
    public Map<String, Object> body() {
      Map<String, Object> metadatabase = new LinkedHashMap<>();
      metadatabase.put("status", status(databaseHealthy));
      putReason(metadatabase, databaseReason);
      Map<String, Object> schedulerSection = new LinkedHashMap<>();
      schedulerSection.put("status", status(schedulerHealthy));
      schedulerSection.put("latest_scheduler_heartbeat", time(heartbeat));
      schedulerSection.put("node", node);
      putReason(schedulerSection, schedulerReason);
      List<Map<String, Object>> memberList = new ArrayList<>();
      for (Member member : members) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("instance", member.node());
        entry.put("last_checkin", time(member.lastCheckin()));
        entry.put("checkin_interval_ms", member.checkinInterval().toMillis());
        entry.put("status", status(!member.silent()));
        memberList.add(entry);
      }
      Map<String, Object> cluster = new LinkedHashMap<>();
      cluster.put("members", memberList);
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("metadatabase", metadatabase);
      body.put("scheduler", schedulerSection);
      body.put("cluster", cluster);
      return body;
    }

    private static void putReason(Map<String, Object> section, String reason) {
      if (reason != null) {
        section.put("reason", reason);
      }
    }

    private static String time(Instant instant) {
      return instant == null ? null : AIRFLOW_TIME.format(instant);
    }

    private static String status(boolean healthy) {
      return healthy ? "healthy" : "unhealthy";
    }
  }
}
