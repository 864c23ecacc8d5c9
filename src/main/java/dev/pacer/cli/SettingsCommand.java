package dev.pacer.cli;

import com.google.inject.Injector;
import dev.pacer.db.Database;
import dev.pacer.history.HistoryTable;
import dev.pacer.history.ItemNames;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.Collectors;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.SettingsChange;
import dev.pacer.settings.SettingsTable;
import dev.pacer.settings.StoredSettings;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "settings",
    mixinStandardHelpOptions = true,
    description = {
      "Show or change an item's own settings (the pacer_item row; unset means the default).",
      "Without ITEM: every item that has settings. Exit 2 names every bad value."
    },
    footer = {
      "",
      "Examples:",
      "  pacer settings web --collector http --target https://example.com/health --timeout 5s",
      "  pacer settings web --option json_pointer=/queue/depth --option method=",
      "  pacer settings web --unset timeout,options",
      "  pacer settings web --json"
    })
final class SettingsCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Mixin SettingsFlags flags;

  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "ITEM", description = "The item, exactly as in history")
  String item;

  @Option(names = "--clear", description = "Delete the item's settings: every default")
  boolean clear;

  @Option(names = "--json", description = "Print JSON")
  boolean json;

  @Override
  public Integer call() throws Exception {
    List<String> problems = new ArrayList<>();
    SettingsChange change = flags.change(problems);
    if (item == null && (!change.isEmpty() || clear)) {
      problems.add("name the ITEM to change");
    }
    if (clear && !change.isEmpty()) {
      problems.add("--clear deletes every setting; it takes no other change");
    }
    if (!problems.isEmpty()) {
      return usage(problems);
    }
    Injector injector = config.injector();
    try (Collectors collectors = injector.getInstance(Collectors.class)) {
      return run(injector, collectors, change, problems);
    } finally {
      injector.getInstance(Database.class).close();
    }
  }

  private int run(
      Injector injector, Collectors collectors, SettingsChange change, List<String> problems)
      throws Exception {
    SettingsTable table = injector.getInstance(SettingsTable.class);
    SettingsPrinter printer =
        new SettingsPrinter(out(), json, collectors.defaultCollector().name());
    if (item == null) {
      List<StoredSettings> rows = new ArrayList<>(table.readStored());
      rows.sort(Comparator.comparing(StoredSettings::item, ItemNames.NATURAL_ORDER));
      printer.list(rows);
      return 0;
    }
    if (clear) {
      boolean had = table.delete(item);
      printer.cleared(item, had);
      return 0;
    }
    Optional<StoredSettings> stored = table.read(item);
    StoredSettings current = stored.orElse(StoredSettings.empty(item));
    if (!change.isEmpty()) {
      current = change.applyTo(current, problems::add);
      problems.addAll(check(current, collectors));
      if (!problems.isEmpty()) {
        return usage(problems);
      }
      table.write(current);
    }
    if (!inHistory(injector.getInstance(HistoryTable.class))) {
      spec.commandLine()
          .getErr()
          .println(
              "pacer: note: no item "
                  + ItemNames.printable(item)
                  + " in history yet; the settings apply once it is added");
    }
    printer.show(current, stored.isPresent() || !change.isEmpty());
    return 0;
  }

  /** The same checks a node applies when it reads the row, plus the collector's own. */
  private static List<String> check(StoredSettings row, Collectors collectors) {
    List<String> problems = new ArrayList<>();
    ItemSettings settings =
        row.interpret((column, problem) -> problems.add(column + ": " + problem));
    Optional<Collector> chosen = collectors.forItem(settings);
    if (chosen.isEmpty()) {
      problems.add(
          "collector: no collector named '"
              + settings.collector()
              + "' (known: "
              + String.join(", ", collectors.names())
              + ")");
    } else {
      try {
        chosen.get().check(settings.target(), settings.options());
      } catch (IllegalArgumentException e) {
        problems.add("collector " + chosen.get().name() + ": " + e.getMessage());
      }
    }
    return problems;
  }

  private boolean inHistory(HistoryTable history) throws Exception {
    return history.readItems(List.of(item)).stream().anyMatch(row -> row.item().equals(item));
  }

  private int usage(List<String> problems) {
    problems.forEach(p -> spec.commandLine().getErr().println(Main.ERROR + p));
    return Main.USAGE;
  }

  private PrintWriter out() {
    return spec.commandLine().getOut();
  }
}
