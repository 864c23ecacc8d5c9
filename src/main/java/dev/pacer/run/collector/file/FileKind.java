package dev.pacer.run.collector.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a path that is not a regular file is, for the run's error: "a FIFO", "a directory". */
final class FileKind {
  private static final int TYPE_BITS = 0170000;

  private FileKind() {}

  static String of(Path path, BasicFileAttributes attributes) {
    if (attributes.isDirectory()) {
      return "a directory";
    }
    try {
      // The file type bits of st_mode: the "unix" attribute view of the JDK on Linux and macOS.
      int mode = (Integer) Files.getAttribute(path, "unix:mode");
      return switch (mode & TYPE_BITS) {
        case 0010000 -> "a FIFO";
        case 0140000 -> "a socket";
        case 0020000 -> "a character device";
        case 0060000 -> "a block device";
        default -> "a special file";
      };
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      // No unix view here, or the file went away: the generic name will do.
      return "a special file";
    }
  }
}
