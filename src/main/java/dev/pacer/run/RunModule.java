package dev.pacer.run;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.fence.FenceListener;
import dev.pacer.health.Readiness;
import dev.pacer.node.NodeService;
import dev.pacer.run.collector.CollectorModule;
import org.quartz.TriggerListener;

public final class RunModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(CollectJob.class);
    bind(ItemRunner.class);
    bind(CollectorThreads.class);
    bind(RunRecorder.class);
    bind(RunClaims.class);
    bind(RunRecording.class);
    bind(Runs.class);
    Multibinder<FenceListener> fencing = Multibinder.newSetBinder(binder(), FenceListener.class);
    fencing.addBinding().to(ItemRunner.class);
    fencing.addBinding().to(RunRecorder.class);
    fencing.addBinding().to(RunRecording.class);
    bind(RunLogPurge.class);
    bind(Overload.class);
    Multibinder.newSetBinder(binder(), RunListener.class).addBinding().to(Overload.class);
    Multibinder.newSetBinder(binder(), Readiness.class).addBinding().to(Overload.class);
    Multibinder.newSetBinder(binder(), TriggerListener.class).addBinding().to(Overload.class);
    Multibinder.newSetBinder(binder(), NodeService.class).addBinding().to(RunLogPurge.class);
    install(new CollectorModule());
  }
}
