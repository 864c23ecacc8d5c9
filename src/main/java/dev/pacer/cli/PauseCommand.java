package dev.pacer.cli;

import dev.pacer.history.ItemNames;
import dev.pacer.sync.SyncConfig;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(
    name = "pause",
    mixinStandardHelpOptions = true,
    description =
        "Pause an item, or all of them (pacer_item.paused = 1): no runs until it is resumed. The"
            + " nodes apply it within a sync interval; a run in flight finishes.")
class PauseCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @ArgGroup(multiplicity = "1")
  PauseTarget target;

  boolean pausing() {
    return true;
  }

  @Override
  public Integer call() throws Exception {
    String verb = pausing() ? "Paused" : "Resumed";
    try (Session session = Session.open(config)) {
      ItemEditor editor = session.get(ItemEditor.class);
      String what;
      if (target.all) {
        what = editor.pauseAll(pausing()) + " item(s)";
      } else {
        editor.pause(target.item, pausing());
        what = ItemNames.printable(target.item);
      }
      long sync = session.get(SyncConfig.class).getInterval().toMillis();
      spec.commandLine()
          .getOut()
          .printf("%s %s; the nodes apply it within %d ms%n", verb, what, sync);
      return 0;
    }
  }
}
