package dev.pacer.run.collector.command;

import static dev.pacer.run.collector.CollectorOptions.excerpt;
import static java.util.Objects.requireNonNull;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.CollectorOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command declared in {@code collector.command.<name>}: the item's target names it, never
 * the command line. The value is the first line of stdout, a decimal number; a non-zero exit is a
 * failure with the start of stderr. At the timeout the command and every process it started are
 * killed.
 */
@Singleton
public final class CommandCollector implements Collector {
  /** The only variables a command inherits: the node's secrets stay in the node. */
  static final Set<String> INHERITED =
      Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

  private static final int OUTPUT_LIMIT = 64 * 1024;

  private final CommandConfig config;

  @Inject
  public CommandCollector(CommandConfig config) {
    this.config = requireNonNull(config);
  }

  @Override
  public String name() {
    return "command";
  }

  @Override
  public void check(String target, Map<String, String> options) {
    CollectorOptions.requireKnown(options, Set.of());
    definition(target);
  }

  @Override
  public double collect(CollectRequest request) throws Exception {
    CollectorOptions.requireValid(this, request);
    CommandDefinition definition = definition(request.target());
    Path stdout = Files.createTempFile("pacer-command-", ".out");
    Path stderr = Files.createTempFile("pacer-command-", ".err");
    Process process = null;
    try {
      process = start(definition, request.item(), stdout, stderr);
      if (!process.waitFor(request.timeout().toMillis(), TimeUnit.MILLISECONDS)) {
        throw new CollectException(
            "no exit within " + request.timeout().toMillis() + " ms; killed the process tree");
      }
      if (process.exitValue() != 0) {
        String err = excerpt(read(stderr), 200);
        throw new CollectException(
            "exit " + process.exitValue() + (err.isEmpty() ? "" : ": " + err));
      }
      String first = read(stdout).lines().findFirst().orElse("");
      return CollectorOptions.parseNumber(first, "the first line of stdout");
    } finally {
      if (process != null) {
        ProcessTree.kill(process);
      }
      Files.deleteIfExists(stdout);
      Files.deleteIfExists(stderr);
    }
  }

  private CommandDefinition definition(String target) {
    String name = CollectorOptions.requireTarget(target, "the name of a collector.command");
    CommandDefinition definition = config.getCommands().get(name);
    if (definition == null) {
      Set<String> declared = new TreeSet<>(config.getCommands().keySet());
      throw new IllegalArgumentException(
          "no command named '"
              + name
              + "' in the configuration (declared: "
              + (declared.isEmpty() ? "none" : String.join(", ", declared))
              + ")");
    }
    return definition;
  }

  private static Process start(CommandDefinition definition, String item, Path out, Path err)
      throws CollectException {
    List<String> argv = definition.argv();
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    if (!definition.getDirectory().isBlank()) {
      builder.directory(new File(definition.getDirectory()));
    }
    Map<String, String> environment = builder.environment();
    environment.keySet().retainAll(INHERITED);
    environment.put("PACER_ITEM", item);
    try {
      return builder.start();
    } catch (IOException e) {
      throw new CollectException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
  }

  private static String read(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return new String(in.readNBytes(OUTPUT_LIMIT), StandardCharsets.UTF_8);
    }
  }
}
