package dev.pacer.node;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.alert.AlertModule;
import dev.pacer.cluster.ClusterModule;
import dev.pacer.config.ConfigModule;
import dev.pacer.config.Configuration;
import dev.pacer.dashboard.DashboardModule;
import dev.pacer.db.DbModule;
import dev.pacer.fence.FenceModule;
import dev.pacer.group.GroupModule;
import dev.pacer.health.HealthModule;
import dev.pacer.history.HistoryModule;
import dev.pacer.http.HttpModule;
import dev.pacer.metrics.MetricsModule;
import dev.pacer.overview.OverviewModule;
import dev.pacer.run.RunModule;
import dev.pacer.settings.SettingsModule;
import dev.pacer.sync.SyncModule;
import dev.pacer.systemd.SystemdModule;

/** Everything a node is made of. */
public final class PacerModule extends AbstractModule {
  private final Configuration configuration;

  public PacerModule(Configuration configuration) {
    this.configuration = requireNonNull(configuration);
  }

  @Override
  protected void configure() {
    binder().requireExplicitBindings();
    install(new ConfigModule(configuration));
    install(new DbModule());
    install(new HistoryModule());
    install(new ClusterModule());
    install(new FenceModule());
    install(new SettingsModule());
    install(new RunModule());
    install(new SyncModule());
    install(new GroupModule());
    install(new HttpModule());
    install(new OverviewModule());
    install(new HealthModule());
    install(new MetricsModule());
    install(new AlertModule());
    install(new DashboardModule());
    install(new SystemdModule());
    Multibinder.newSetBinder(binder(), NodeService.class);
    bind(DemoData.class);
    bind(Node.class);
  }
}
