package dev.pacer.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A Pacer installation of its own (PACER_HOME) in a temporary directory: bin/, conf/, target/ and
 * lib/ link to the build's, var/ is its own, so daemon tests never touch the checkout's pid file or
 * logs. Runs the scripts of bin/ with PACER_* variables.
 */
public final class TestingInstallation implements AutoCloseable {
  private final Path home;
  private final Map<String, String> environment = new HashMap<>();

  public TestingInstallation(Map<String, String> environment) throws IOException {
    home = Files.createTempDirectory("pacer-home");
    for (String part : List.of("bin", "conf", "target", "lib")) {
      Files.createSymbolicLink(home.resolve(part), Path.of(part).toAbsolutePath());
    }
    this.environment.putAll(environment);
    this.environment.put("PACER_HOME", home.toString());
  }

  public Path home() {
    return home;
  }

  public Path var(String path) {
    return home.resolve("var").resolve(path);
  }

  public String read(String varPath) throws IOException {
    Path file = var(varPath);
    return Files.exists(file) ? Files.readString(file) : "";
  }

  /** Runs a script of bin/ to its end (at most a minute). */
  public Result run(String script, String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
    command.addAll(List.of(arguments));
    Path out = Files.createTempFile(home, "out", ".txt");
    Path err = Files.createTempFile(home, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(home.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().keySet().removeIf(name -> name.startsWith("PACER_"));
    builder.environment().putAll(environment);
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new IllegalStateException(script + " did not finish within a minute");
    }
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  /** Kills a daemon a failed test left running, then deletes the installation. */
  @Override
  public void close() throws IOException {
    String pid = read("pacer.pid").trim();
    if (!pid.isEmpty()) {
      ProcessHandle.of(Long.parseLong(pid))
          .filter(p -> p.info().commandLine().orElse("").contains("dev.pacer.cli.Main"))
          .ifPresent(
              p -> {
                p.destroyForcibly();
                p.onExit().join();
              });
    }
    try (Stream<Path> files = Files.walk(home)) {
      // Walking does not follow the links: only this installation's own files go.
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }

  /** How a script ended. */
  public record Result(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\n--- out\n" + out + "--- err\n" + err;
    }
  }
}
