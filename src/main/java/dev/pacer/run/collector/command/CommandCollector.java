package dev.pacer.run.collector.command;

import static dev.pacer.run.collector.CollectorOptions.excerpt;
import static java.util.Objects.requireNonNull;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.CollectorOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Runs a command declared in {@code collector.command.<name>}: the item's target names it, never
 * the command line. The value is the first line of stdout, a decimal number; a non-zero exit is a
 * failure with the start of stderr. Each run has a process group of its own, killed when the
 * command exits, at the timeout and when the node dies (see {@link CommandProcess}); at most
 * {@value CommandProcess#OUTPUT_LIMIT} bytes of stdout and of stderr are kept, the rest is read and
 * dropped.
 */
@Singleton
public final class CommandCollector implements Collector {
  /** The only variables a command inherits: the node's secrets stay in the node. */
  static final Set<String> INHERITED =
      Set.of("PATH", "HOME", "USER", "LOGNAME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR");

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
    String name = request.target().trim();
    CommandDefinition definition = definition(name);
    Map<String, String> environment = environment(request);
    Path directory = Path.of(definition.getDirectory().strip()).toAbsolutePath();
    List<String> argv = definition.argv();
    if (!Files.isDirectory(directory)) {
      throw new CollectException("cannot run " + argv.get(0) + ": no directory " + directory);
    }
    if (Programs.find(argv.get(0), environment.get("PATH"), directory).isEmpty()) {
      throw new CollectException("cannot run " + argv.get(0) + ": no such program");
    }
    Path setsid =
        Programs.find("setsid", environment.get("PATH"), directory)
            .or(() -> Programs.find("setsid", "/usr/bin:/bin", directory))
            .orElseThrow(() -> new CollectException("cannot run commands: setsid not found"));
    CommandProcess.Exit exit;
    try (CommandProcess process =
        CommandProcess.start(name, setsid, argv, directory, environment)) {
      exit =
          process
              .await(request.timeout())
              .orElseThrow(
                  () ->
                      new CollectException(
                          "no exit within "
                              + request.timeout().toMillis()
                              + " ms; killed the process tree"));
    } catch (IOException e) {
      throw new CollectException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    if (exit.status() != 0) {
      String err = excerpt(exit.stderr(), 200);
      throw new CollectException("exit " + exit.status() + (err.isEmpty() ? "" : ": " + err));
    }
    String first = exit.stdout().lines().findFirst().orElse("");
    return CollectorOptions.parseNumber(first, "the first line of stdout");
  }

  /**
   * Only {@link #INHERITED} of the node's variables, and what the run is: the item, its slot (epoch
   * milliseconds), the attempt at it and the node, so that a script can log each run.
   */
  private static Map<String, String> environment(CollectRequest request) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.keySet().retainAll(INHERITED);
    environment.put("PACER_ITEM", request.item());
    environment.put("PACER_ATTEMPT", Integer.toString(request.attempt()));
    if (request.slot() != null) {
      environment.put("PACER_SLOT", Long.toString(request.slot().toEpochMilli()));
    }
    if (request.node() != null) {
      environment.put("PACER_NODE", request.node());
    }
    return environment;
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
}
