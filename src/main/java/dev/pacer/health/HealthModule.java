package dev.pacer.health;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.http.Endpoint;

public final class HealthModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(HealthCheck.class);
    Multibinder.newSetBinder(binder(), Endpoint.class).addBinding().to(HealthEndpoint.class);
  }
}
