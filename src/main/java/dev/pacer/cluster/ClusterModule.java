package dev.pacer.cluster;

import com.google.inject.AbstractModule;

public final class ClusterModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(PacerScheduler.class);
    bind(GuiceJobFactory.class);
  }
}
