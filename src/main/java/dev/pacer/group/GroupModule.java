package dev.pacer.group;

import com.google.inject.AbstractModule;
import com.google.inject.Provides;
import dev.pacer.cluster.ClusterConfig;
import dev.pacer.sync.ItemJobs;
import dev.pacer.sync.Schedule;

/** Scale mode, and the choice between it and one trigger per item. */
public final class GroupModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(GroupMembers.class);
    bind(GroupJobs.class);
    bind(GroupRunner.class);
    bind(GroupJob.class);
  }

  @Provides
  Schedule schedule(ClusterConfig config, ItemJobs items, GroupJobs groups) {
    return config.grouped() ? groups : items;
  }
}
