package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import dev.pacer.overview.ClusterMembers;
import dev.pacer.overview.RunHistory;
import dev.pacer.overview.RunView;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
      "Run an item once, now, on whichever node is free (also a paused item); its regular"
          + " cadence is unchanged.",
      "With --wait, waits for the run and exits 0 if it succeeded, 1 if it failed or did not"
          + " happen in time."
    })
final class RunCommand implements Callable<Integer> {
  private static final Duration POLL = Duration.ofMillis(250);

  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ITEM", description = "The item, exactly as named.")
  String item;

  @Option(names = "--wait", description = "Wait for the run and print its outcome.")
  boolean wait;

  @Option(
      names = "--timeout",
      paramLabel = "SECONDS",
      defaultValue = "60",
      description = "How long --wait waits (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    try (Session session = Session.open(config)) {
      Clock clock = session.get(Clock.class);
      int interval = session.get(ItemEditor.class).interval(item);
      String name = ItemNames.printable(item);
      Instant queued = clock.instant();
      if (!session.get(RunNow.class).trigger(item, interval)) {
        throw new CliException(
            name
                + " has no job yet: a node schedules it within a sync interval of its insert"
                + (interval <= 0 ? " (its interval " + interval + " is not positive)" : ""));
      }
      boolean nodeUp = !session.get(ClusterMembers.class).live().isEmpty();
      if (!nodeUp) {
        out.printf("Queued a run of %s; no node is running, so it runs when one starts%n", name);
        out.flush();
        return wait ? 1 : 0;
      }
      out.printf("Queued a run of %s%n", name);
      out.flush();
      if (!wait) {
        return 0;
      }
      RunHistory runs = session.get(RunHistory.class);
      Instant deadline = queued.plusSeconds(timeout);
      while (clock.instant().isBefore(deadline)) {
        List<RunView> latest = runs.latest(item, 1);
        // Clocks of nodes differ by milliseconds; a run that started after the queueing is ours.
        if (!latest.isEmpty() && !latest.get(0).startedAt().isBefore(queued.minusMillis(500))) {
          RunView run = latest.get(0);
          out.printf(
              "%s on %s in %d ms: %s%n",
              run.outcome(),
              run.node(),
              run.duration().toMillis(),
              run.failed() ? ItemNames.printable(String.valueOf(run.error())) : run.result());
          out.flush();
          return run.failed() ? 1 : 0;
        }
        Thread.sleep(POLL.toMillis());
      }
      throw new CliException("no run of " + name + " within " + timeout + " s");
    }
  }
}
