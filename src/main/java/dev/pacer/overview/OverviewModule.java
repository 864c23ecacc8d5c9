package dev.pacer.overview;

import com.google.inject.AbstractModule;

public final class OverviewModule extends AbstractModule {
  @Override
  protected void configure() {
    bind(ClusterMembers.class);
    bind(ItemOverview.class);
    bind(Lateness.class);
    bind(RunHistory.class);
    bind(OpenAlerts.class);
  }
}
