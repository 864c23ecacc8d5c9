package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "add",
    mixinStandardHelpOptions = true,
    description =
        "Add an item to the history table, run every INTERVAL; its first run is due one interval"
            + " from now (bin/pacer run ITEM runs it at once).")
final class AddCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ITEM", description = "The item's name.")
  String item;

  @Parameters(index = "1", paramLabel = "INTERVAL", description = Arguments.INTERVAL_HELP)
  String interval;

  @Override
  public Integer call() throws Exception {
    Arguments.item(spec, item);
    int seconds = Arguments.interval(spec, interval);
    try (Session session = Session.open(config)) {
      Instant due = session.get(ItemEditor.class).add(item, seconds);
      spec.commandLine()
          .getOut()
          .printf(
              "Added %s, every %d s; first run due at %s UTC%n",
              ItemNames.printable(item), seconds, RunsCommand.TIME.format(due));
      return 0;
    }
  }
}
