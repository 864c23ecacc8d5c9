package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.ItemView;
import dev.pacer.overview.Lateness;
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
    name = "items",
    mixinStandardHelpOptions = true,
    description =
        "Every item: its interval, last run and result, next run, state, consecutive failures"
            + " and the node of its last run.")
final class ItemsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print JSON instead of text.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    try (Session session = Session.open(config)) {
      Instant now = session.get(Clock.class).instant();
      Duration tolerance = session.get(Lateness.class).tolerance();
      List<ItemView> items = session.get(ItemOverview.class).all();
      PrintWriter out = spec.commandLine().getOut();
      if (json) {
        Output.json(out, items);
        return 0;
      }
      Table table =
          new Table(
              "ITEM", "INTERVAL", "LAST RUN", "RESULT", "NEXT RUN", "STATE", "FAILURES", "NODE");
      for (ItemView item : items) {
        table.add(
            ItemNames.printable(item.item()),
            item.interval() + "s",
            Times.relative(item.lastExecution(), now),
            item.result(),
            item.state().equals("paused") ? "paused" : Times.relative(item.nextRun(), now),
            item.state() + lag(item, now, tolerance),
            item.failures(),
            item.lastNode());
      }
      table.print(out);
      return 0;
    }
  }

  private static String lag(ItemView item, Instant now, Duration tolerance) {
    if (item.isOverdue(now, tolerance)) {
      return " (overdue)";
    }
    return item.isLate(now, tolerance) ? " (late)" : "";
  }
}
