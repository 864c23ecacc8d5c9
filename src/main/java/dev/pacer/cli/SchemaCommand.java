package dev.pacer.cli;

import com.google.inject.Injector;
import dev.pacer.db.Database;
import dev.pacer.db.SchemaMigrator;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "schema",
    mixinStandardHelpOptions = true,
    description = "Create Pacer's tables (and the history table if absent) from sql/.")
final class SchemaCommand implements Callable<Integer> {
  @Mixin ConfigOptions config;

  @Spec CommandSpec spec;

  @Parameters(paramLabel = "apply", description = "The action: apply.", arity = "1")
  String action;

  @Override
  public Integer call() throws Exception {
    if (!action.equals("apply")) {
      throw new ParameterException(
          spec.commandLine(), "unknown action '" + action + "' (known: apply)");
    }
    Injector injector = config.injector();
    try (Database database = injector.getInstance(Database.class)) {
      injector.getInstance(SchemaMigrator.class).apply();
      spec.commandLine().getOut().println("Schema applied to " + database.displayUrl());
    }
    return 0;
  }
}
