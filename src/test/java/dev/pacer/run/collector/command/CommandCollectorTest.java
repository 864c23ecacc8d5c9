package dev.pacer.run.collector.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pacer.config.ConfigLoader;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command collector running real scripts. */
class CommandCollectorTest {
  @TempDir Path directory;
  private CommandCollector collector;

  @BeforeEach
  void declareCommands() throws Exception {
    Map<String, String> file = new HashMap<>();
    declare(file, "value", "printf '  42.5  \\nsecond line\\n'");
    declare(file, "failing", "echo 'disk not mounted' >&2; echo 7; exit 3");
    declare(file, "words", "echo hello world");
    declare(file, "environment", "env > \"$1/env.txt\"; echo ${#PACER_ITEM}");
    declare(file, "tree", "sleep 60 & echo $! > \"$1/child.pid\"; wait");
    declare(file, "where", "pwd > \"$1/pwd.txt\"; echo 1");
    file.put("collector.command.shell.command", "sh -c 'echo \"$((6 * 7))\"'");
    file.put("collector.command.where.directory", directory.toString());
    CommandConfig config =
        new ConfigLoader(List.of(CommandConfig.class))
            .load(file, Map.of())
            .get(CommandConfig.class);
    collector = new CommandCollector(config);
  }

  /** A script {@code name.sh} in the test's directory, declared with the directory as $1. */
  private void declare(Map<String, String> file, String name, String body) throws Exception {
    Path script = directory.resolve(name + ".sh");
    Files.writeString(script, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    file.put("collector.command." + name + ".command", "'" + script + "' " + directory);
  }

  @Test
  void takesTheFirstLineOfStdoutAsTheValue() throws Exception {
    assertThat(collect("value", Duration.ofSeconds(5))).isEqualTo(42.5);
  }

  @Test
  void runsAShellOnlyWhereTheOperatorConfiguredOne() throws Exception {
    assertThat(collect("shell", Duration.ofSeconds(5))).isEqualTo(42.0);
    assertThat(CommandDefinition.split("sh -c 'echo \"$((6 * 7))\"'"))
        .containsExactly("sh", "-c", "echo \"$((6 * 7))\"");
  }

  @Test
  void aNonZeroExitIsAFailureWithTheStartOfStderr() {
    assertThatThrownBy(() -> collect("failing", Duration.ofSeconds(5)))
        .isInstanceOf(CollectException.class)
        .hasMessage("exit 3: disk not mounted");
  }

  @Test
  void outputThatIsNotANumberIsAFailure() {
    assertThatThrownBy(() -> collect("words", Duration.ofSeconds(5)))
        .isInstanceOf(CollectException.class)
        .hasMessage("the first line of stdout is not a number: 'hello world'");
  }

  @Test
  void theCommandSeesTheItemButNoneOfTheNodesSecrets() throws Exception {
    assertThat(collect("environment", Duration.ofSeconds(5))).isEqualTo("item-7".length());

    List<String> names =
        Files.readAllLines(directory.resolve("env.txt")).stream()
            .map(line -> line.split("=", 2)[0])
            .toList();
    Set<String> allowed = new java.util.HashSet<>(CommandCollector.INHERITED);
    // Set by the shell itself.
    allowed.addAll(List.of("PACER_ITEM", "PWD", "SHLVL", "_", "OLDPWD"));
    assertThat(names).contains("PACER_ITEM").isSubsetOf(allowed);
  }

  @Test
  void runsInTheConfiguredDirectory() throws Exception {
    collect("where", Duration.ofSeconds(5));

    assertThat(Files.readString(directory.resolve("pwd.txt")).strip())
        .isEqualTo(directory.toRealPath().toString());
  }

  @Test
  void theTimeoutKillsTheWholeProcessTree() throws Exception {
    long start = System.nanoTime();

    assertThatThrownBy(() -> collect("tree", Duration.ofMillis(500)))
        .isInstanceOf(CollectException.class)
        .hasMessage("no exit within 500 ms; killed the process tree");

    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    long child = Long.parseLong(Files.readString(directory.resolve("child.pid")).strip());
    // A plain destroy() of the script would leave its `sleep 60` running.
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void anInterruptedRunKillsTheWholeProcessTree() throws Exception {
    Thread runner =
        new Thread(
            () -> {
              try {
                collect("tree", Duration.ofSeconds(30));
              } catch (Exception e) {
                // interrupted, as the node's runner does at the run's timeout
              }
            });
    runner.start();
    Path pidFile = directory.resolve("child.pid");
    await().until(() -> Files.exists(pidFile) && !Files.readString(pidFile).isBlank());
    long child = Long.parseLong(Files.readString(pidFile).strip());

    runner.interrupt();

    runner.join(5_000);
    assertThat(runner.isAlive()).isFalse();
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> ProcessHandle.of(child).map(p -> !p.isAlive()).orElse(true));
  }

  @Test
  void runsOnlyDeclaredCommands() {
    assertThatThrownBy(() -> collector.check("rm -rf /", Map.of()))
        .hasMessage(
            "no command named 'rm -rf /' in the configuration (declared: environment, failing,"
                + " shell, tree, value, where, words)");
    assertThatThrownBy(() -> collector.check("value", Map.of("args", "--all")))
        .hasMessage("unknown option 'args' (known: none)");
  }

  @Test
  void splitsCommandLinesWithoutAShell() {
    assertThat(CommandDefinition.split("  /bin/check  --warn 5 \"two words\" 'it''s' $HOME *"))
        .containsExactly("/bin/check", "--warn", "5", "two words", "its", "$HOME", "*");
    assertThatThrownBy(() -> CommandDefinition.split("echo 'open"))
        .hasMessageContaining("unbalanced '");
  }

  private double collect(String name, Duration timeout) throws Exception {
    return collector.collect(new CollectRequest("item-7", name, Map.of(), timeout));
  }
}
