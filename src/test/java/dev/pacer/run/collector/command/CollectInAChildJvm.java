package dev.pacer.run.collector.command;

import dev.pacer.config.ConfigLoader;
import dev.pacer.run.collector.CollectRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A stand-in for a node, run in a JVM of its own: starts a command that records its pid and its
 * child's, then waits for it for five minutes, so that a test can kill this JVM under it.
 */
public final class CollectInAChildJvm {
  private CollectInAChildJvm() {}

  /** {@code args[0]}: the directory for the script and the pid files. */
  public static void main(String[] args) throws Exception {
    Path directory = Path.of(args[0]);
    Path script = directory.resolve("hang.sh");
    Files.writeString(
        script,
        "#!/bin/sh\n"
            + "sleep 300 & echo $! > \"$1/child.pid\"\n"
            + "echo $$ > \"$1/command.pid\"\n"
            + "wait\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    CommandConfig config =
        new ConfigLoader(List.of(CommandConfig.class))
            .load(Map.of("collector.command.hang.command", script + " " + directory), Map.of())
            .get(CommandConfig.class);
    new CommandCollector(config)
        .collect(new CollectRequest("item", "hang", Map.of(), Duration.ofMinutes(5)));
  }
}
