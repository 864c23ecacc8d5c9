package dev.pacer.cli;

/** A command failed for a reason its message names; printed as one line, exit code 1. */
final class CliException extends RuntimeException {
  CliException(String message) {
    super(message);
  }
}
