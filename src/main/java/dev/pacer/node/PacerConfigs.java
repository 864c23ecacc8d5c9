package dev.pacer.node;

import dev.pacer.alert.AlertConfig;
import dev.pacer.cluster.ClusterConfig;
import dev.pacer.config.ConfigLoader;
import dev.pacer.db.DbConfig;
import dev.pacer.health.HealthConfig;
import dev.pacer.history.HistoryConfig;
import dev.pacer.http.HttpConfig;
import dev.pacer.run.RunConfig;
import dev.pacer.run.collector.command.CommandConfig;
import dev.pacer.run.collector.sql.SqlConfig;
import dev.pacer.sync.SyncConfig;
import dev.pacer.systemd.SystemdConfig;
import java.util.List;

/** The configuration classes of every feature: the keys of {@code conf/pacer.properties}. */
public final class PacerConfigs {
  private PacerConfigs() {}

  public static ConfigLoader loader() {
    return new ConfigLoader(
        List.of(
            DbConfig.class,
            HistoryConfig.class,
            SyncConfig.class,
            ClusterConfig.class,
            RunConfig.class,
            SqlConfig.class,
            CommandConfig.class,
            HttpConfig.class,
            HealthConfig.class,
            NodeConfig.class,
            AlertConfig.class,
            SystemdConfig.class));
  }
}
