package dev.pacer.cluster;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/**
 * Hands Quartz connections from Pacer's own pool, so a node has one pool and one configuration.
 * Once the scheduler it serves is abandoned (the node fenced itself), it hands out none: whatever
 * that scheduler's threads still try must not reach the database when it answers again.
 */
final class PooledConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;
  private volatile boolean abandoned;

  PooledConnectionProvider(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource);
  }

  @Override
  public Connection getConnection() throws SQLException {
    if (abandoned) {
      throw new AbandonedSchedulerException();
    }
    return dataSource.getConnection();
  }

  void abandon() {
    abandoned = true;
  }

  /** Quartz calls this on shutdown; the pool belongs to Pacer, which closes it last. */
  @Override
  public void shutdown() {}

  @Override
  public void initialize() {}

  /** What an abandoned scheduler's threads get instead of a connection. */
  static final class AbandonedSchedulerException extends SQLException {
    AbandonedSchedulerException() {
      super("this scheduler was abandoned: the node fenced itself");
    }
  }
}
