package dev.pacer.cli;

import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.ItemView;
import dev.pacer.overview.Lateness;
import dev.pacer.overview.Member;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description = {
      "The cluster at a glance: its members and their last check-ins, and how many items are"
          + " late, overdue, failing, paused or unscheduled.",
      "Late: its next run is more than max(2 s, misfire.threshold) past and it is not running"
          + " (one being fired right now, or running, is on time). Overdue: it missed a whole"
          + " slot (its last run is more than two intervals and that tolerance old)."
    })
final class StatusCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Session session = Session.open(config)) {
      Instant now = session.get(Clock.class).instant();
      List<Member> members = session.get(ClusterMembers.class).all();
      List<ItemView> items = session.get(ItemOverview.class).all();
      Counts counts = Counts.of(items, now, session.get(Lateness.class).tolerance());
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Output.json(out, new Status(now, members, counts));
        return 0;
      }
      long up = members.stream().filter(m -> !m.silent()).count();
      out.printf("Cluster: %d node(s) up, %d silent%n", up, members.size() - up);
      if (!members.isEmpty()) {
        Table table = new Table("NODE", "STATUS", "LAST CHECK-IN", "EVERY");
        for (Member m : members) {
          table.add(
              m.node(),
              m.status(),
              Times.relative(m.lastCheckin(), now),
              Times.amount(m.checkinInterval()));
        }
        table.print(out);
      }
      out.printf(
          "%nItems: %d total, %d late, %d overdue, %d failing, %d paused, %d unscheduled%n",
          counts.total(),
          counts.late(),
          counts.overdue(),
          counts.failing(),
          counts.paused(),
          counts.unscheduled());
      out.flush();
      return 0;
    }
  }

  record Status(Instant at, List<Member> members, Counts items) {}

  record Counts(int total, int late, int overdue, int failing, int paused, int unscheduled) {
    static Counts of(List<ItemView> items, Instant now, Duration tolerance) {
      return new Counts(
          items.size(),
          (int) items.stream().filter(i -> i.isLate(now, tolerance)).count(),
          (int) items.stream().filter(i -> i.isOverdue(now, tolerance)).count(),
          (int) items.stream().filter(i -> i.failures() > 0).count(),
          (int) items.stream().filter(i -> i.state().equals("paused")).count(),
          (int)
              items.stream()
                  .filter(i -> i.state().equals("unscheduled") || i.state().equals("invalid"))
                  .count());
    }
  }
}
