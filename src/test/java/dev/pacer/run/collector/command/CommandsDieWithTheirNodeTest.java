package dev.pacer.run.collector.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node killed with {@code kill -9} runs no finally block: its commands must die without its help,
 * or they would overlap the run another node makes of the same item.
 */
class CommandsDieWithTheirNodeTest {
  @TempDir Path directory;

  @Test
  void aCommandAndItsChildrenDieWhenTheNodeIsKilled() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process node =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                CollectInAChildJvm.class.getName(),
                directory.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("node.log").toFile())
            .start();
    List<Long> started = new ArrayList<>();
    try {
      Path commandPid = directory.resolve("command.pid");
      await()
          .atMost(Duration.ofSeconds(60))
          .until(() -> Files.exists(commandPid) && !Files.readString(commandPid).isBlank());
      started.add(pid("command.pid"));
      started.add(pid("child.pid"));
      assertThat(started).noneMatch(CommandCollectorTest::gone);

      node.destroyForcibly(); // SIGKILL
      node.waitFor();

      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> started.stream().allMatch(CommandCollectorTest::gone));
    } finally {
      node.destroyForcibly();
      for (long pid : started) {
        ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
      }
    }
  }

  private long pid(String file) throws Exception {
    return Long.parseLong(Files.readString(directory.resolve(file)).strip());
  }
}
