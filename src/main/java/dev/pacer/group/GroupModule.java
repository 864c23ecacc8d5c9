package dev.pacer.group;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.node.NodeService;
import dev.pacer.sync.Schedule;

/** Items fired in groups: the one way Pacer schedules them. */
public final class GroupModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(GroupMembers.class);
    bind(GroupJobs.class);
    bind(GroupJob.class);
    bind(Schedule.class).to(GroupJobs.class);
    bind(LostRuns.class);
    Multibinder.newSetBinder(binder(), NodeService.class).addBinding().to(LostRuns.class);
  }
}
