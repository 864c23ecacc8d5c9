package dev.pacer.health;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.http.Endpoint;

/**
 * /health and its probes. The database and the scheduler, the two sections of Airflow's shape, are
 * health's own conditions; every other feature binds its {@link Readiness} and {@link Liveness} in
 * its own module.
 */
public final class HealthModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(HealthCheck.class);
    bind(Probes.class);
    bind(DatabaseProbe.class);
    bind(SchedulerProbe.class);
    Multibinder<Readiness> readiness = Multibinder.newSetBinder(binder(), Readiness.class);
    readiness.addBinding().to(DatabaseProbe.class);
    readiness.addBinding().to(SchedulerProbe.class);
    Multibinder<Liveness> liveness = Multibinder.newSetBinder(binder(), Liveness.class);
    liveness.addBinding().to(DatabaseProbe.class);
    liveness.addBinding().to(SchedulerProbe.class);
    Multibinder<Endpoint> endpoints = Multibinder.newSetBinder(binder(), Endpoint.class);
    endpoints.addBinding().to(HealthEndpoint.class);
    endpoints.addBinding().to(LivenessEndpoint.class);
    endpoints.addBinding().to(ReadinessEndpoint.class);
  }
}
