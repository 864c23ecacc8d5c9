package dev.pacer.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.pacer.config.ConfigLoader;
import dev.pacer.config.Configuration;
import dev.pacer.node.PacerConfigs;
import dev.pacer.node.PacerModule;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares, and building a node's objects from it. */
final class ConfigOptions {
  @Option(
      names = {"-c", "--config"},
      paramLabel = "FILE",
      description =
          "Configuration file (default: $PACER_CONFIG, else conf/pacer.properties if present)."
              + " PACER_<KEY> environment variables override it.")
  Path file;

  Configuration load() {
    Map<String, String> environment = System.getenv();
    Path path = file;
    if (path == null && environment.containsKey("PACER_CONFIG")) {
      path = Path.of(environment.get("PACER_CONFIG"));
    }
    if (path == null && Files.exists(Path.of("conf", "pacer.properties"))) {
      path = Path.of("conf", "pacer.properties");
    }
    Map<String, String> values = path == null ? Map.of() : ConfigLoader.readFile(path);
    return PacerConfigs.loader().load(values, environment);
  }

  Injector injector() {
    return Guice.createInjector(Stage.PRODUCTION, new PacerModule(load()));
  }
}
