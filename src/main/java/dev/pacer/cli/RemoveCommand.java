package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "remove",
    mixinStandardHelpOptions = true,
    description =
        "Delete an item's row from the history table; the nodes remove its job within a sync"
            + " interval. Its runs stay in pacer_run, its settings in pacer_item.")
final class RemoveCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "ITEM", description = "The item, exactly as named.")
  String item;

  @Override
  public Integer call() throws Exception {
    try (Session session = Session.open(config)) {
      session.get(ItemEditor.class).remove(item);
      spec.commandLine().getOut().printf("Removed %s%n", ItemNames.printable(item));
      return 0;
    }
  }
}
