package dev.pacer.run.collector.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.pacer.config.ConfigLoader;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.testing.LogCapture;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The command collector running real scripts. */
class CommandCollectorTest {
  @TempDir Path directory;
  @RegisterExtension final LogCapture log = LogCapture.of(CommandProcess.class);
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
    declare(file, "leaves-a-child", "sleep 60 & echo $! > \"$1/child.pid\"; echo 5");
    declare(
        file,
        "double-fork",
        "(sleep 60 & echo $! > \"$1/grandchild.pid\"); setsid sleep 60 & echo $! >"
            + " \"$1/own-session.pid\"; wait");
    declare(
        file,
        "chatty",
        "outputs=$(readlink /proc/$$/fd/1 /proc/$$/fd/2); echo \"$outputs\" > \"$1/outputs.txt\";"
            + " yes 42 | head -c 20000000; yes oops | head -c 20000000 >&2");
    // Leaves its group for good before the script exits: the pid file is written after setsid.
    declare(
        file,
        "escapes",
        "(setsid sh -c 'echo $$ > \"$0/escaped.pid\"; exec sleep 60' \"$1\" &);"
            + " until [ -s \"$1/escaped.pid\" ]; do sleep 0.1; done; echo 3");
    declare(file, "control-bytes", "printf 'bad \\033[2J\\000 disk\\n' >&2; exit 4");
    declare(file, "control-value", "printf '\\033]0;owned\\007 12\\n'");
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
    allowed.addAll(List.of("PACER_ITEM", "PACER_ATTEMPT", "PWD", "SHLVL", "_", "OLDPWD"));
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
  void killsWhatTheCommandLeftBehindWhenItExits() throws Exception {
    assertThat(collect("leaves-a-child", Duration.ofSeconds(5))).isEqualTo(5);

    // Before, the `sleep 60 &` outlived the run: one orphan per run piled up.
    long child = Long.parseLong(Files.readString(directory.resolve("child.pid")).strip());
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(child));
  }

  @Test
  void theTimeoutKillsADoubleForkedGrandchildAndAChildInItsOwnSession() throws Exception {
    // Long enough for the script to start both on a busy machine.
    assertThatThrownBy(() -> collect("double-fork", Duration.ofSeconds(3)))
        .isInstanceOf(CollectException.class)
        .hasMessage("no exit within 3000 ms; killed the process tree");

    // The grandchild's parent exited at once: init's child, found only by the group kill.
    long grandchild = pid("grandchild.pid");
    // The other left the group, but its parent still ran: found among the descendants.
    long ownSession = pid("own-session.pid");
    await().atMost(Duration.ofSeconds(10)).until(() -> gone(grandchild) && gone(ownSession));
  }

  @Test
  void aProcessThatEscapedTheGroupWithTheOutputOpenDoesNotHoldTheRun() throws Exception {
    try {
      // Its stdout never ends while the escaped sleep runs: the run stops reading after a grace.
      assertThat(collect("escapes", Duration.ofSeconds(30))).isEqualTo(3);
      assertThat(log.messages())
          .containsExactly(
              "Command escapes left a process running outside its process group (it called setsid"
                  + " or setpgid) that holds its output open; stopped reading it after 2 s");
    } finally {
      ProcessHandle.of(pid("escaped.pid")).ifPresent(ProcessHandle::destroyForcibly);
    }
  }

  @Test
  void readsAChattyCommandsOutputWithoutBlockingOrWritingItToDisk() throws Exception {
    // 20 MB on stdout, then 20 MB on stderr: with either pipe left full it would time out.
    assertThat(collect("chatty", Duration.ofSeconds(60))).isEqualTo(42);

    // Pipes to the node, not the temporary files where a 300 MB output once landed.
    assertThat(Files.readAllLines(directory.resolve("outputs.txt")))
        .hasSize(2)
        .allMatch(target -> target.startsWith("pipe:"), "is a pipe");
  }

  @Test
  void keepsTheStartOfTheOutputAndDropsTheRest() throws Exception {
    byte[] output = "7\n".concat("x".repeat(1 << 20)).getBytes(StandardCharsets.UTF_8);
    CappedOutput capped = CappedOutput.drain(new ByteArrayInputStream(output), 1024, "test");

    assertThat(capped.awaitEnd(Duration.ofSeconds(10))).isTrue();
    assertThat(capped.total()).isEqualTo(output.length);
    assertThat(capped.text()).hasSize(1024).startsWith("7\nxxx");
  }

  @Test
  void tellsTheCommandWhichRunItServes() throws Exception {
    Instant slot = Instant.parse("2026-12-06T18:00:10.250Z");

    collector.collect(
        new CollectRequest(
            "item-7", "environment", Map.of(), Duration.ofSeconds(5), slot, 3, "node-b"));

    Map<String, String> environment = environment();
    assertThat(environment)
        .containsEntry("PACER_ITEM", "item-7")
        .containsEntry("PACER_SLOT", Long.toString(slot.toEpochMilli()))
        .containsEntry("PACER_ATTEMPT", "3")
        .containsEntry("PACER_NODE", "node-b");

    collect("environment", Duration.ofSeconds(5)); // no slot, no node: outside a scheduled run
    assertThat(environment())
        .containsEntry("PACER_ATTEMPT", "1")
        .doesNotContainKeys("PACER_SLOT", "PACER_NODE");
  }

  @Test
  void escapesControlCharactersOfItsOutputInTheError() {
    assertThatThrownBy(() -> collect("control-bytes", Duration.ofSeconds(5)))
        .isInstanceOf(CollectException.class)
        .hasMessage("exit 4: bad \\u001b[2J\\u0000 disk");
    assertThatThrownBy(() -> collect("control-value", Duration.ofSeconds(5)))
        .isInstanceOf(CollectException.class)
        .hasMessage("the first line of stdout is not a number: '\\u001b]0;owned\\u0007 12'");
  }

  @Test
  void namesAProgramThatIsNotThere() throws Exception {
    CommandConfig config =
        new ConfigLoader(List.of(CommandConfig.class))
            .load(
                Map.of(
                    "collector.command.gone.command",
                    directory + "/not-there --flag",
                    "collector.command.unknown.command",
                    "no-such-program-anywhere",
                    "collector.command.nowhere.command",
                    "echo 1",
                    "collector.command.nowhere.directory",
                    directory + "/no-such-directory"),
                Map.of())
            .get(CommandConfig.class);
    CommandCollector missing = new CommandCollector(config);

    assertThatThrownBy(
            () -> missing.collect(new CollectRequest("i", "gone", Map.of(), Duration.ofSeconds(5))))
        .hasMessage("cannot run " + directory + "/not-there: no such program");
    assertThatThrownBy(
            () ->
                missing.collect(
                    new CollectRequest("i", "unknown", Map.of(), Duration.ofSeconds(5))))
        .hasMessage("cannot run no-such-program-anywhere: no such program");
    assertThatThrownBy(
            () ->
                missing.collect(
                    new CollectRequest("i", "nowhere", Map.of(), Duration.ofSeconds(5))))
        .hasMessage("cannot run echo: no directory " + directory + "/no-such-directory");
  }

  private Map<String, String> environment() throws Exception {
    Map<String, String> variables = new HashMap<>();
    for (String line : Files.readAllLines(directory.resolve("env.txt"))) {
      String[] pair = line.split("=", 2);
      variables.put(pair[0], pair.length > 1 ? pair[1] : "");
    }
    return variables;
  }

  private long pid(String file) throws Exception {
    return Long.parseLong(Files.readString(directory.resolve(file)).strip());
  }

  /** Gone, or a zombie: killed and waiting for init to reap it. */
  static boolean gone(long pid) {
    return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
  }

  @Test
  void runsOnlyDeclaredCommands() {
    assertThatThrownBy(() -> collector.check("rm -rf /", Map.of()))
        .hasMessage(
            "no command named 'rm -rf /' in the configuration (declared: chatty, control-bytes,"
                + " control-value, double-fork, environment, escapes, failing, leaves-a-child,"
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
