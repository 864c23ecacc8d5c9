package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import dev.pacer.overview.RunHistory;
import dev.pacer.overview.RunView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "runs",
    mixinStandardHelpOptions = true,
    description = "An item's latest runs from the run log (pacer_run), newest first; times in UTC.")
final class RunsCommand implements Callable<Integer> {
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ITEM", description = "The item, exactly as in the history table.")
  String item;

  @Option(
      names = {"-n", "--last"},
      paramLabel = "N",
      defaultValue = "20",
      description = "How many runs (default: ${DEFAULT-VALUE}).")
  int last;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    if (last < 1) {
      throw new ParameterException(spec.commandLine(), "N must be at least 1");
    }
    try (Session session = Session.open(config)) {
      session.get(ItemEditor.class).interval(item);
      List<RunView> runs = session.get(RunHistory.class).latest(item, last);
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Output.json(out, runs);
        return 0;
      }
      if (runs.isEmpty()) {
        out.println("No runs of " + ItemNames.printable(item) + " yet.");
        out.flush();
        return 0;
      }
      Table table =
          new Table(
              "STARTED (UTC)", "LATE", "TOOK", "NODE", "ATTEMPT", "OUTCOME", "RESULT", "ERROR");
      for (RunView run : runs) {
        table.add(
            TIME.format(run.startedAt()),
            Duration.between(run.scheduledAt(), run.startedAt()).toMillis() + "ms",
            run.duration().toMillis() + "ms",
            run.node(),
            run.attempt(),
            run.outcome(),
            run.result(),
            run.error() == null ? null : ItemNames.printable(run.error()));
      }
      table.print(out);
      return 0;
    }
  }
}
