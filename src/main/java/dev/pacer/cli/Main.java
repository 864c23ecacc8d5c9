package dev.pacer.cli;

import dev.pacer.config.ConfigException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code bin/pacer}: runs a node and operates the cluster from the command line. Every command
 * fails the same way: one {@code pacer: error: } line (a line per problem) on standard error, exit
 * code 2 when the command line itself is wrong, 1 when a well-formed command failed.
 */
@Command(
    name = "pacer",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = "History-table-driven, clustered monitoring scheduler.",
    subcommands = {
      HelpCommand.class,
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
  /** How every error line starts. */
  static final String ERROR = "pacer: error: ";

  /** Exit code of a command that was well-formed but failed (an unknown item, no database). */
  static final int FAILED = 1;

  /** Exit code of a command line that is wrong (an unknown option, a malformed argument). */
  static final int USAGE = 2;

  public static void main(String[] args) {
    System.exit(commandLine().execute(args));
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .setParameterExceptionHandler(Main::usageError)
        .setExecutionExceptionHandler(Main::failure);
  }

  /** The command line is wrong: say what, and where the command's help is; never a stack trace. */
  private static int usageError(ParameterException error, String[] args) {
    CommandLine command = error.getCommandLine();
    PrintWriter err = command.getErr();
    err.println(ERROR + error.getMessage());
    if (error instanceof UnmatchedArgumentException unmatched) {
      for (String suggestion : unmatched.getSuggestions()) {
        err.println("  did you mean: " + suggestion);
      }
    }
    String name = command.getCommandName();
    err.println(
        command.getParent() == null
            ? "(pacer --help lists the commands)"
            : "(pacer help " + name + " describes the command)");
    err.flush();
    return USAGE;
  }

  /** Expected failures get one readable message and exit code 1, never a stack trace. */
  private static int failure(Exception error, CommandLine command, CommandLine.ParseResult parsed) {
    ConfigException config = Failures.configProblem(error);
    PrintWriter err = command.getErr();
    if (config != null) {
      err.println(ERROR + "invalid configuration:");
      config.problems().forEach(problem -> err.println("  - " + problem));
    } else {
      err.println(ERROR + Failures.describe(error));
    }
    err.flush();
    return FAILED;
  }
}
