package dev.pacer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's one test command, bin/test, and CI's .ci/run, which runs exactly it. Each is run for
 * real, on this machine, up to the Maven build: {@code mvn --version} ends it instead of a second
 * {@code verify} inside this one.
 */
class TestCommandIT {
  @TempDir Path directory;

  @Test
  void theReadmeNamesBinTestAsTheOneTestCommand() throws Exception {
    String readme = Files.readString(Path.of("README.md"));
    int marker = readme.indexOf("<!-- test-command -->");
    assertThat(marker).isPositive();
    assertThat(readme.substring(marker).lines().skip(1).limit(3))
        .containsExactly("```", "bin/test", "```");
  }

  @Test
  void binTestPreparesTheMachineThenRunsMavenVerifyWithItsArguments() throws Exception {
    Result result = run(Map.of(), "bin/test", "--version");

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.out()).contains("Apache Maven");
    // MariaDB answers and chromium, chromedriver and gcc are there now, whatever was missing.
    assertThat(run(Map.of(), "mysqladmin", "ping", "-h", "127.0.0.1", "-u", "root").exit())
        .isZero();
    for (String program : List.of("chromium", "chromedriver", "gcc")) {
      assertThat(run(Map.of(), "sh", "-c", "command -v " + program).exit()).as(program).isZero();
    }
  }

  @Test
  void ciRunsTheReadmesCommandAndNothingElse() throws Exception {
    // Maven as CI finds it on the PATH, recording its arguments and printing its version.
    Path bin = Files.createDirectories(directory.resolve("bin"));
    Path arguments = directory.resolve("mvn-arguments");
    Path mvn = bin.resolve("mvn");
    Files.writeString(
        mvn,
        "#!/bin/sh\necho \"$@\" > '"
            + arguments
            + "'\nexec "
            + realMaven()
            + " \"$@\" --version\n");
    mvn.toFile().setExecutable(true);

    Result result = run(Map.of("PATH", bin + ":" + System.getenv("PATH")), ".ci/run");

    assertThat(result.exit()).as(result.toString()).isZero();
    assertThat(result.out()).startsWith("ci: bin/test\n").contains("Apache Maven");
    assertThat(Files.readString(arguments)).isEqualTo("-B verify\n");
  }

  private static String realMaven() throws Exception {
    Result which = run(Map.of(), "sh", "-c", "command -v mvn");
    assertThat(which.exit()).as("mvn on the PATH").isZero();
    return which.out().trim();
  }

  private static Result run(Map<String, String> environment, String... command)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
    builder.environment().putAll(environment);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(10, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new IllegalStateException(String.join(" ", command) + " did not end: " + output);
    }
    return new Result(process.exitValue(), output);
  }

  private record Result(int exit, String out) {}
}
