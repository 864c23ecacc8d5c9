package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "reschedule",
    mixinStandardHelpOptions = true,
    description =
        "Change an item's interval (history.execution_interval); the nodes apply it within a"
            + " sync interval, keeping the phase of its last run.")
final class RescheduleCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(index = "0", paramLabel = "ITEM", description = "The item, exactly as named.")
  String item;

  @Parameters(index = "1", paramLabel = "INTERVAL", description = Arguments.INTERVAL_HELP)
  String interval;

  @Override
  public Integer call() throws Exception {
    Arguments.item(spec, item);
    int seconds = Arguments.interval(spec, interval);
    try (Session session = Session.open(config)) {
      int before = session.get(ItemEditor.class).reschedule(item, seconds);
      spec.commandLine()
          .getOut()
          .printf(
              "Rescheduled %s: every %d s (was %d s)%n",
              ItemNames.printable(item), seconds, before);
      return 0;
    }
  }
}
