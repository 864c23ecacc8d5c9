package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.Member;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@code GET /api/cluster}: the members, for the dashboard. */
@Singleton
final class ClusterApi implements Endpoint {
  private final ClusterMembers members;
  private final PacerScheduler scheduler;
  private final Clock clock;

  @Inject
  ClusterApi(ClusterMembers members, PacerScheduler scheduler, Clock clock) {
    this.members = requireNonNull(members);
    this.scheduler = requireNonNull(scheduler);
    this.clock = requireNonNull(clock);
  }

  @Override
  public String path() {
    return "/api/cluster";
  }

  @Override
  public Response get(Map<String, String> query) throws Exception {
    List<MemberJson> list = members.all().stream().map(MemberJson::of).toList();
    return Response.json(200, new ClusterJson(scheduler.nodeId(), clock.instant(), list));
  }

  record ClusterJson(String node, Instant at, List<MemberJson> members) {}

  record MemberJson(String node, Instant lastCheckin, long checkinIntervalMs, String status) {
    static MemberJson of(Member member) {
      return new MemberJson(
          member.node(),
          member.lastCheckin(),
          member.checkinInterval().toMillis(),
          member.status());
    }
  }
}
