package dev.pacer.metrics;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.http.Endpoint;
import dev.pacer.node.NodeService;
import dev.pacer.run.RunListener;
import dev.pacer.sync.SyncListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Singleton;

public final class MetricsModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(MeterRegistry.class).to(PrometheusMeterRegistry.class);
    bind(RunMetrics.class);
    bind(SyncMetrics.class);
    bind(StateMetrics.class);
    bind(FenceMetrics.class).asEagerSingleton();
    Multibinder.newSetBinder(binder(), RunListener.class).addBinding().to(RunMetrics.class);
    Multibinder.newSetBinder(binder(), SyncListener.class).addBinding().to(SyncMetrics.class);
    Multibinder.newSetBinder(binder(), Endpoint.class).addBinding().to(MetricsEndpoint.class);
    Multibinder.newSetBinder(binder(), NodeService.class).addBinding().to(ProcessMetrics.class);
  }

  /** One registry per node (tests run several nodes in one JVM), never Micrometer's global one. */
  @Provides
  @Singleton
  PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  }
}
