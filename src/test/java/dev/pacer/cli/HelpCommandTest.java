package dev.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.cli.CommandLineRunner.Result;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@code bin/pacer help COMMAND}, as the README tells: every command's usage, exit code 0. */
class HelpCommandTest {
  @Test
  void describesEveryCommand() {
    Set<String> commands = Main.commandLine().getSubcommands().keySet();
    assertThat(commands).contains("node", "status", "items", "add", "settings", "schema");

    for (String command : commands) {
      Result help = CommandLineRunner.runAsGiven("help", command);

      assertThat(help.exit()).as(help.toString()).isZero();
      assertThat(help.out()).as(command).contains("Usage: pacer " + command + " ");
      assertThat(help.out())
          .as("the same text as --help")
          .isEqualTo(CommandLineRunner.runAsGiven(command, "--help").out());
      assertThat(help.err()).isEmpty();
    }
  }

  @Test
  void listsTheCommandsWithoutOneAndRefusesAnUnknownOne() {
    Result list = CommandLineRunner.runAsGiven("help");
    assertThat(list.exit()).isZero();
    assertThat(list.out())
        .startsWith("Usage: pacer ")
        .contains("  help ")
        .contains("  reschedule ");

    Result unknown = CommandLineRunner.runAsGiven("help", "frobnicate");
    assertThat(unknown.exit()).isEqualTo(2);
    assertThat(unknown.err()).startsWith("pacer: error: Unknown subcommand 'frobnicate'");
  }
}
