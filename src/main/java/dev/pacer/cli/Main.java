package dev.pacer.cli;

import dev.pacer.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/pacer}: runs a node and operates the cluster from the command line. */
@Command(
    name = "pacer",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "History-table-driven, clustered monitoring scheduler.",
    subcommands = {
      NodeCommand.class,
      StatusCommand.class,
      ItemsCommand.class,
      AddCommand.class,
      RescheduleCommand.class,
      RemoveCommand.class,
      PauseCommand.class,
      ResumeCommand.class,
      RunCommand.class,
      RunsCommand.class,
      SchemaCommand.class,
      DemoDataCommand.class,
      SettingsCommand.class
    })
public final class Main {
  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main()).setExecutionExceptionHandler(Main::handle);
  }

  /** Expected failures get one readable message and exit code 1, never a stack trace. */
  private static int handle(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
    ConfigException config = Failures.configProblem(error);
    if (config != null) {
      command.getErr().println(config.getMessage());
    } else {
      command.getErr().println("pacer: " + Failures.describe(error));
    }
    return 1;
  }
}
