package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.db.DatabaseWatch;
import dev.pacer.fence.SelfFence;
import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.Member;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
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
 * cluster's members come from the same read of Quartz's check-in table.
 */
@Singleton
public final class HealthCheck {
  private static final DateTimeFormatter AIRFLOW_TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSxxx").withZone(ZoneOffset.UTC);

  private final DatabaseWatch watch;
  private final ClusterMembers members;
  private final PacerScheduler scheduler;
  private final SelfFence fence;

  @Inject
  public HealthCheck(
      DatabaseWatch watch, ClusterMembers members, PacerScheduler scheduler, SelfFence fence) {
    this.watch = requireNonNull(watch);
    this.members = requireNonNull(members);
    this.scheduler = requireNonNull(scheduler);
    this.fence = requireNonNull(fence);
  }

  public Health check() {
    if (!watch.reachable()) {
      return new Health(false, false, null, scheduler.nodeId(), List.of(), watch.reason());
    }
    List<Member> cluster;
    try {
      cluster = members.all();
    } catch (SQLException e) {
      return new Health(false, false, null, scheduler.nodeId(), List.of(), Database.reason(e));
    }
    Member self =
        cluster.stream().filter(m -> m.node().equals(scheduler.nodeId())).findFirst().orElse(null);
    boolean fresh = self != null && !self.silent();
    boolean schedulerHealthy = scheduler.isRunning() && fresh && fence.fencedBecause() == null;
    return new Health(
        true,
        schedulerHealthy,
        self == null ? null : self.lastCheckin(),
        scheduler.nodeId(),
        cluster,
        null);
  }

  /** The result of one check. */
  public record Health(
      boolean databaseHealthy,
      boolean schedulerHealthy,
      Instant heartbeat,
      String node,
      List<Member> members,
      String databaseError) {

    public Health {
      members = List.copyOf(members);
    }

    public boolean healthy() {
      return databaseHealthy && schedulerHealthy;
    }

    /** The JSON body: Airflow's two sections, the node id, and the cluster's members. */
    public Map<String, Object> body() {
      Map<String, Object> metadatabase = new LinkedHashMap<>();
      metadatabase.put("status", status(databaseHealthy));
      Map<String, Object> schedulerSection = new LinkedHashMap<>();
      schedulerSection.put("status", status(schedulerHealthy));
      schedulerSection.put("latest_scheduler_heartbeat", time(heartbeat));
      schedulerSection.put("node", node);
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

    private static String time(Instant instant) {
      return instant == null ? null : AIRFLOW_TIME.format(instant);
    }

    private static String status(boolean healthy) {
      return healthy ? "healthy" : "unhealthy";
    }
  }
}
