package dev.pacer.run.collector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingPlugin;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The example of docs/collector-plugin.md, built as a jar and dropped into a Pacer directory's
 * lib/: bin/pacer accepts it in an item's settings and a node started by bin/start.sh runs it.
 */
class CollectorPluginIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @TempDir Path home;

  @Test
  void aJarInLibAddsACollector() throws Exception {
    Path project = Path.of("").toAbsolutePath();
    for (String shared : List.of("target", "conf", "pom.xml", "src", "sql")) {
      Files.createSymbolicLink(home.resolve(shared), project.resolve(shared));
    }
    Path lib = Files.createDirectory(home.resolve("lib"));
    Path build = Files.createDirectory(home.resolve("build"));
    Path jar =
        TestingPlugin.jar(build, TestingPlugin.javaBlock(Path.of("docs/collector-plugin.md")));
    Files.move(jar, lib.resolve("disk-free.jar"));
    Map<String, String> environment = new HashMap<>();
    environment.put("PACER_HOME", home.toString());
    environment.put("PACER_DB_URL", db.url());
    environment.put("PACER_DB_USER", db.user());
    environment.put("PACER_DB_PASSWORD", db.password());
    environment.put("PACER_SYNC_INTERVAL", "200ms");
    environment.put("PACER_COLLECTOR_DEFAULT", "noop");

    assertThat(pacer(environment, "schema", "apply")).contains("Schema applied");
    assertThat(
            pacer(
                environment, "settings", "disk-root", "--collector", "disk-free", "--target", "/"))
        .contains("collector       disk-free");
    db.insertItems(1, "disk-root");

    try (ProcessNode node = ProcessNode.start("plugin", environment)) {
      node.awaitHealthy(Duration.ofSeconds(90));

      await()
          .atMost(Duration.ofSeconds(20))
          .until(
              () ->
                  db.column("SELECT result FROM history WHERE item = 'disk-root'").get(0) != null);
      assertThat(
              ((Number) db.column("SELECT result FROM pacer_run WHERE item = 'disk-root'").get(0))
                  .doubleValue())
          .isPositive();
      assertThat(node.output())
          .contains("Collector plug-in 'disk-free' (com.example.pacer.DiskFreeCollector from ")
          .contains("lib/disk-free.jar)");
    }
  }

  /** Runs bin/pacer as an operator would; returns its output, failing on a non-zero exit. */
  private static String pacer(Map<String, String> environment, String... arguments)
      throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bin/pacer"));
    command.addAll(List.of(arguments));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().keySet().removeIf(name -> name.startsWith("PACER_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    return output;
  }
}
