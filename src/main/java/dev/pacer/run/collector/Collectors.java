package dev.pacer.run.collector;

import dev.pacer.config.ConfigException;
import dev.pacer.run.RunConfig;
import dev.pacer.settings.ItemSettings;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URL;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The collectors this node knows, by name: the built-ins and the plug-ins of {@code lib/}. */
@Singleton
public final class Collectors implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Collectors.class);

  private final Map<String, Collector> byName = new TreeMap<>();
  private final Collector defaultCollector;

  @Inject
  public Collectors(Set<Collector> builtIns, CollectorPlugins plugins, RunConfig config) {
    builtIns.forEach(this::add);
    for (Collector plugin : plugins.collectors()) {
      add(plugin);
      log.info("Collector plug-in '{}' ({})", plugin.name(), origin(plugin));
    }
    defaultCollector = byName.get(config.getDefaultCollector());
    if (defaultCollector == null) {
      throw new ConfigException(
          List.of(
              "collector.default: no collector named '"
                  + config.getDefaultCollector()
                  + "' (known: "
                  + String.join(", ", byName.keySet())
                  + ")"));
    }
  }

  private void add(Collector collector) {
    Collector clash = byName.putIfAbsent(collector.name(), collector);
    if (clash != null) {
      // A configuration problem: the jars in lib/ are part of the installation's configuration.
      throw new ConfigException(
          List.of(
              "two collectors are named '"
                  + collector.name()
                  + "': "
                  + origin(clash)
                  + " and "
                  + origin(collector)
                  + "; remove one of them (plug-ins live in lib/)"));
    }
  }

  /** The class and the jar it came from, so a clash names the file to remove. */
  private static String origin(Collector collector) {
    Class<?> type = collector.getClass();
    CodeSource source = type.getProtectionDomain().getCodeSource();
    URL location = source == null ? null : source.getLocation();
    return type.getName() + (location == null ? "" : " from " + location.getPath());
  }

  /** The item's own collector, or {@code collector.default}; empty if it names none we know. */
  public Optional<Collector> forItem(ItemSettings settings) {
    if (settings.collector() == null) {
      return Optional.of(defaultCollector);
    }
    return Optional.ofNullable(byName.get(settings.collector()));
  }

  public Optional<Collector> named(String name) {
    return Optional.ofNullable(byName.get(name));
  }

  public Collector defaultCollector() {
    return defaultCollector;
  }

  public Set<String> names() {
    return byName.keySet();
  }

  /** Closes the collectors that hold resources (connection pools), each on its own. */
  @Override
  public void close() {
    for (Collector collector : new ArrayList<>(byName.values())) {
      if (collector instanceof AutoCloseable closeable) {
        try {
          closeable.close();
        } catch (Exception e) {
          log.warn("Collector '{}' did not close cleanly: {}", collector.name(), e.toString());
        }
      }
    }
  }
}
