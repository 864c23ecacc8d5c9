package dev.pacer.run.collector.command;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Finds a program as {@code execvp} will, so a missing one is reported as such before anything
 * starts rather than as the exit status of a shell.
 */
final class Programs {
  /** What execvp searches when there is no PATH at all. */
  private static final String DEFAULT_PATH = "/bin:/usr/bin";

  private Programs() {}

  /**
   * @param program a name to look up in {@code path}, or a path (with a slash) relative to {@code
   *     directory}
   * @param path the PATH the program will be looked up in, or null
   */
  static Optional<Path> find(String program, String path, Path directory) {
    if (program.contains("/")) {
      return runnable(directory, program);
    }
    for (String entry : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
      Optional<Path> found =
          runnable(entry.isEmpty() ? directory : directory.resolve(entry), program);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> runnable(Path directory, String program) {
    try {
      Path candidate = directory.resolve(program);
      return Files.isRegularFile(candidate) && Files.isExecutable(candidate)
          ? Optional.of(candidate.toAbsolutePath())
          : Optional.empty();
    } catch (InvalidPathException e) {
      return Optional.empty();
    }
  }
}
