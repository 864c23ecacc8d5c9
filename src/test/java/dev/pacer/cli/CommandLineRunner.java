package dev.pacer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/** Runs {@code bin/pacer} commands in this JVM against a configuration file of their own. */
final class CommandLineRunner {
  private final Path config;

  CommandLineRunner(Path directory, Map<String, String> properties) throws IOException {
    config = directory.resolve("pacer.properties");
    StringBuilder text = new StringBuilder();
    new TreeMap<>(properties)
        .forEach((k, v) -> text.append(k).append(" = ").append(v).append('\n'));
    Files.writeString(config, text);
  }

  Result run(String... arguments) {
    List<String> all = new ArrayList<>(List.of(arguments));
    // Every command takes --config; picocli reads it after the command's own arguments too.
    if (all.size() > 0) {
      all.add("--config");
      all.add(config.toString());
    }
    return runAsGiven(all.toArray(String[]::new));
  }

  /** Runs exactly these arguments, without --config. */
  static Result runAsGiven(String... arguments) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    int exit = command.execute(arguments);
    return new Result(exit, out.toString(), err.toString());
  }

  record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
