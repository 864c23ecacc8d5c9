package dev.pacer.run.collector;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Collectors found on the class path by {@link ServiceLoader}: the jars operators drop into {@code
 * lib/}, which {@code bin/pacer} puts on the class path.
 */
@Singleton
public final class CollectorPlugins {
  private final List<Collector> collectors = new ArrayList<>();

  @Inject
  public CollectorPlugins() {
    this(Thread.currentThread().getContextClassLoader());
  }

  public CollectorPlugins(ClassLoader loader) {
    try {
      ServiceLoader.load(Collector.class, loader).forEach(collectors::add);
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("cannot load a collector plug-in: " + e.getMessage(), e);
    }
  }

  public List<Collector> collectors() {
    return List.copyOf(collectors);
  }
}
