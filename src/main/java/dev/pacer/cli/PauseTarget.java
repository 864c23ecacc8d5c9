package dev.pacer.cli;

import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ITEM} or {@code --all}, exactly one of them. */
final class PauseTarget {
  @Parameters(paramLabel = "ITEM", description = "The item, exactly as named.")
  String item;

  @Option(names = "--all", required = true, description = "Every item of the history table.")
  boolean all;
}
