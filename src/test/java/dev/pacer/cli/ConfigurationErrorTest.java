package dev.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Bad configuration stops a command at once with one message naming every problem. */
class ConfigurationErrorTest {
  @TempDir Path directory;

  @Test
  void listsEveryProblemAndExitsWithOne() throws Exception {
    Path file = directory.resolve("pacer.properties");
    Files.writeString(
        file,
        """
        db.urll = jdbc:mysql://db/pacer
        sync.interval = fast
        http.port = 70000
        collector.default = demo
        """);
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setErr(new PrintWriter(err));

    int exit = command.execute("node", "--config", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .startsWith("pacer: error: invalid configuration:\n  - ")
        .contains("unknown key 'db.urll' (did you mean 'db.url'?)")
        .contains("sync.interval: 'fast' is not a duration")
        .contains("http.port: 70000 is not a TCP port")
        .doesNotContain("Exception")
        .doesNotContain("\tat ");
  }

  @Test
  void namesAnUnknownCollector() throws Exception {
    Path file = directory.resolve("pacer.properties");
    Files.writeString(file, "collector.default = snmp\n");
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setErr(new PrintWriter(err));

    int exit = command.execute("schema", "apply", "--config", file.toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString())
        .contains(
            "collector.default: no collector named 'snmp' (known: command, demo, file, http, noop, sql, tcp)")
        .doesNotContain("\tat ");
  }

  @Test
  void aMissingFileIsNamed() {
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setErr(new PrintWriter(err));

    int exit =
        command.execute("node", "--config", directory.resolve("absent.properties").toString());

    assertThat(exit).isEqualTo(1);
    assertThat(err.toString()).contains("cannot read").contains("absent.properties");
  }
}
