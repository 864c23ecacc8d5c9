package dev.pacer.cli;

import dev.pacer.db.SchemaMigrator;
import dev.pacer.history.HistoryTable;
import dev.pacer.node.DemoData;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "demo-data",
    mixinStandardHelpOptions = true,
    description =
        "Apply the schema and load the seed's demo items (item0..itemN-1, every 10 s) into an"
            + " empty history table; a table with rows is left alone.")
final class DemoDataCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(
      paramLabel = "N",
      arity = "0..1",
      defaultValue = "20",
      description = "How many items (default: ${DEFAULT-VALUE}).")
  int count;

  @Override
  public Integer call() throws Exception {
    if (count < 1 || count > 100_000) {
      throw new ParameterException(spec.commandLine(), "N must be between 1 and 100000");
    }
    try (Session session = Session.open(config)) {
      session.get(SchemaMigrator.class).apply();
      HistoryTable history = session.get(HistoryTable.class);
      if (session.get(DemoData.class).loadIfEmpty(count)) {
        spec.commandLine()
            .getOut()
            .printf("Loaded %d demo items (item0..item%d, every 10 s)%n", count, count - 1);
      } else {
        spec.commandLine()
            .getOut()
            .printf(
                "%s has %d rows already; loaded nothing (demo data goes into an empty table)%n",
                history.name(), history.count());
      }
      return 0;
    }
  }
}
