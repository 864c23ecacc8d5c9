package dev.pacer.sync;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;

public final class SyncModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ItemJobs.class);
    bind(SyncService.class);
    Multibinder.newSetBinder(binder(), SyncListener.class);
  }
}
