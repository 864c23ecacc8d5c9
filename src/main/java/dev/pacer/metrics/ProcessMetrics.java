package dev.pacer.metrics;

import static java.util.Objects.requireNonNull;

import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import dev.pacer.db.Database;
import dev.pacer.node.NodeService;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Metrics of the process rather than of Pacer: the connection pool (HikariCP's own Micrometer
 * tracker, {@code hikaricp_*}) and the JVM. Attached when the node starts, so the command line,
 * which builds the same objects, never does it.
 */
@Singleton
public final class ProcessMetrics implements NodeService {
  private final MeterRegistry registry;
  private final Database database;
  private JvmGcMetrics gc;

  @Inject
  public ProcessMetrics(MeterRegistry registry, Database database) {
    this.registry = requireNonNull(registry);
    this.database = requireNonNull(database);
  }

  @Override
  public synchronized void start() throws Exception {
    database.trackMetrics(new MicrometerMetricsTrackerFactory(registry));
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ClassLoaderMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
  }

  @Override
  public synchronized void stop() {
    if (gc != null) {
      gc.close();
      gc = null;
    }
  }
}
