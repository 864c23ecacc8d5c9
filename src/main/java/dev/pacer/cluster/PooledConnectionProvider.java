package dev.pacer.cluster;

import static java.util.Objects.requireNonNull;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.quartz.utils.ConnectionProvider;

/** Hands Quartz connections from Pacer's own pool, so a node has one pool and one configuration. */
final class PooledConnectionProvider implements ConnectionProvider {
  private final DataSource dataSource;

  PooledConnectionProvider(DataSource dataSource) {
    this.dataSource = requireNonNull(dataSource);
  }

  @Override
  public Connection getConnection() throws SQLException {
    return dataSource.getConnection();
  }

  /** Quartz calls this on shutdown; the pool belongs to Pacer, which closes it last. */
  @Override
  public void shutdown() {}

  @Override
  public void initialize() {}
}
