package dev.pacer.cluster;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import org.quartz.TriggerListener;

public final class ClusterModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(PacerScheduler.class);
    bind(GuiceJobFactory.class);
    Multibinder.newSetBinder(binder(), TriggerListener.class);
  }
}
