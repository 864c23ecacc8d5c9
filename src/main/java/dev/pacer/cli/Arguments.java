package dev.pacer.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Checks of arguments picocli cannot express: a usage error, exit code 2. */
final class Arguments {
  private Arguments() {}

  static void item(CommandSpec spec, String item) {
    if (item.isEmpty() || item.length() > 255) {
      throw new ParameterException(
          spec.commandLine(), "ITEM must have 1 to 255 characters, not " + item.length());
    }
  }

  static void seconds(CommandSpec spec, int seconds) {
    if (seconds < 1) {
      throw new ParameterException(
          spec.commandLine(), "SECONDS must be a positive number of seconds, not " + seconds);
    }
  }
}
