package dev.pacer.dashboard;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.http.Endpoint;

public final class DashboardModule extends AbstractModule {
  private static final String JAVASCRIPT = "text/javascript; charset=utf-8";

  @Override
  protected void configure() {
    Multibinder<Endpoint> endpoints = Multibinder.newSetBinder(binder(), Endpoint.class);
    endpoints.addBinding().toInstance(new Asset("/", "index.html", "text/html; charset=utf-8"));
    endpoints
        .addBinding()
        .toInstance(new Asset("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"));
    endpoints.addBinding().toInstance(new Asset("/dashboard.js", "dashboard.js", JAVASCRIPT));
    endpoints.addBinding().toInstance(new Asset("/format.js", "format.js", JAVASCRIPT));
    endpoints.addBinding().toInstance(new Asset("/chart.js", "chart.js", JAVASCRIPT));
    endpoints.addBinding().toInstance(new Asset("/detail.js", "detail.js", JAVASCRIPT));
    endpoints.addBinding().toInstance(new Asset("/dom.js", "dom.js", JAVASCRIPT));
    endpoints.addBinding().toInstance(new Asset("/favicon.svg", "favicon.svg", "image/svg+xml"));
    endpoints.addBinding().to(ClusterApi.class);
    endpoints.addBinding().to(ItemsApi.class);
    endpoints.addBinding().to(ItemApi.class);
    endpoints.addBinding().to(AlertsApi.class);
    bind(ItemSnapshots.class);
  }
}
