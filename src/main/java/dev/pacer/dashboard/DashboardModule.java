package dev.pacer.dashboard;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.http.Endpoint;

public final class DashboardModule extends AbstractModule {
  @Override
  protected void configure() {
    Multibinder<Endpoint> endpoints = Multibinder.newSetBinder(binder(), Endpoint.class);
    endpoints.addBinding().toInstance(new Asset("/", "index.html", "text/html; charset=utf-8"));
    endpoints
        .addBinding()
        .toInstance(new Asset("/dashboard.js", "dashboard.js", "text/javascript; charset=utf-8"));
    endpoints
        .addBinding()
        .toInstance(new Asset("/dashboard.css", "dashboard.css", "text/css; charset=utf-8"));
    endpoints.addBinding().to(ClusterApi.class);
    endpoints.addBinding().to(ItemsApi.class);
  }
}
