package dev.pacer.run;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.node.NodeService;
import dev.pacer.run.collector.CollectorModule;
import dev.pacer.sync.SyncListener;

public final class RunModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(CollectJob.class);
    bind(ItemRunner.class);
    bind(RunRecorder.class);
    bind(RunLogPurge.class);
    Multibinder.newSetBinder(binder(), RunListener.class);
    Multibinder.newSetBinder(binder(), NodeService.class).addBinding().to(RunLogPurge.class);
    Multibinder.newSetBinder(binder(), SyncListener.class).addBinding().to(RunLogMemory.class);
    install(new CollectorModule());
  }
}
