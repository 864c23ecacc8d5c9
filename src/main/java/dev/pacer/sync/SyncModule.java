package dev.pacer.sync;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.health.Liveness;
import dev.pacer.health.Readiness;

public final class SyncModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(SyncService.class);
    bind(SyncProbe.class);
    Multibinder.newSetBinder(binder(), SyncListener.class).addBinding().to(SyncProbe.class);
    Multibinder.newSetBinder(binder(), Readiness.class).addBinding().to(SyncProbe.class);
    Multibinder.newSetBinder(binder(), Liveness.class).addBinding().to(SyncProbe.class);
  }
}
