package dev.pacer.metrics;

import static java.util.Objects.requireNonNull;

import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code GET /metrics} in Prometheus's text format. */
@Singleton
public final class MetricsEndpoint implements Endpoint {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final StateMetrics state;

  @Inject
  public MetricsEndpoint(PrometheusMeterRegistry registry, StateMetrics state) {
    this.registry = requireNonNull(registry);
    this.state = requireNonNull(state);
  }

  @Override
  public String path() {
    return "/metrics";
  }

  @Override
  public Response get(Map<String, String> query) {
    state.refresh();
    return Response.text(200, CONTENT_TYPE, registry.scrape());
  }
}
