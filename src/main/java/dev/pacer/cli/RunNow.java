package dev.pacer.cli;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import dev.pacer.db.Database;
import dev.pacer.history.ItemNames;
import dev.pacer.run.Attempt;
import dev.pacer.sync.ItemKeys;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Properties;
import org.quartz.JobDataMap;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.impl.SchedulerRepository;
import org.quartz.impl.StdSchedulerFactory;
import org.quartz.utils.ConnectionProvider;
import org.quartz.utils.DBConnectionManager;

/**
 * Queues one run of an item now, through a Quartz scheduler on the cluster's job store that is
 * created but never started: it stores a one-shot trigger of the item's group's job, for the item
 * alone, under Quartz's own locks and never joins the cluster (no check-in, no worker threads). A
 * node then fires it; the run claims the item like any other (it waits for no run in flight: if one
 * is, this one is not made); the item's regular cadence is unchanged.
 */
@Singleton
final class RunNow {
  private static final String DATA_SOURCE = "pacer-cli";

  private final Database database;

  @Inject
  RunNow(Database database) {
    this.database = requireNonNull(database);
  }

  /**
   * @return false if the item has no group yet (no node has scheduled it)
   */
  boolean trigger(String item, int intervalSeconds) throws SchedulerException {
    String group = groupOf(item);
    if (group == null) {
      return false;
    }
    Scheduler client = client();
    try {
      JobKey job = JobKey.jobKey(group, ItemKeys.GROUPED);
      if (!client.checkExists(job)) {
        return false;
      }
      JobDataMap data = new JobDataMap();
      data.put(Attempt.ITEM, item);
      data.put(Attempt.INTERVAL, intervalSeconds);
      client.triggerJob(job, data);
      return true;
    } catch (SchedulerException e) {
      throw new CliException(
          "cannot queue a run of " + ItemNames.printable(item) + ": " + Database.reason(e));
    } finally {
      client.shutdown(false);
    }
  }

  /** The item's group, as the sync put it, or null. */
  private String groupOf(String item) {
    try (Connection connection = database.connection();
        PreparedStatement select =
            connection.prepareStatement(
                "SELECT item, group_name FROM pacer_group WHERE item = ?")) {
      select.setString(1, item);
      try (ResultSet rows = select.executeQuery()) {
        while (rows.next()) {
          if (rows.getString(1).equals(item)) {
            return rows.getString(2);
          }
        }
        return null;
      }
    } catch (java.sql.SQLException e) {
      throw new CliException("cannot read pacer_group: " + Database.reason(e));
    }
  }

  private Scheduler client() throws SchedulerException {
    DBConnectionManager.getInstance().addConnectionProvider(DATA_SOURCE, new Pool(database));
    Properties p = new Properties();
    p.setProperty("org.quartz.scheduler.instanceName", PacerScheduler.NAME);
    p.setProperty("org.quartz.scheduler.instanceId", "cli-" + ProcessHandle.current().pid());
    p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
    p.setProperty("org.quartz.threadPool.class", "org.quartz.simpl.ZeroSizeThreadPool");
    p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
    p.setProperty(
        "org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.StdJDBCDelegate");
    p.setProperty("org.quartz.jobStore.dataSource", DATA_SOURCE);
    p.setProperty("org.quartz.jobStore.tablePrefix", "QRTZ_");
    // Clustered, so the trigger is stored under the database row locks the nodes take.
    p.setProperty("org.quartz.jobStore.isClustered", "true");
    Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
    SchedulerRepository.getInstance().remove(PacerScheduler.NAME);
    return scheduler;
  }

  /** Quartz's connections come from the command's pool, which the command closes. */
  private record Pool(Database database) implements ConnectionProvider {
    @Override
    public Connection getConnection() throws java.sql.SQLException {
      return database.connection();
    }

    @Override
    public void shutdown() {}

    @Override
    public void initialize() {}
  }
}
