package dev.pacer.cli;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Stage;
import dev.pacer.config.Configuration;
import dev.pacer.db.Database;
import dev.pacer.db.DbConfig;
import dev.pacer.node.PacerModule;

/**
 * What an operating command works with: the node's objects, built from the configuration, on the
 * configured database, whether or not a node runs. Closing it closes the connection pool.
 */
final class Session implements AutoCloseable {
  /** A command uses a connection or two at a time; a node's pool would open dozens. */
  private static final int POOL_SIZE = 5;

  private final Injector injector;

  private Session(Injector injector) {
    this.injector = injector;
  }

  static Session open(ConfigOptions options) {
    Configuration configuration = options.load();
    configuration.get(DbConfig.class).setPoolSize(POOL_SIZE);
    return new Session(
        Guice.createInjector(Stage.PRODUCTION, new PacerModule(configuration), new CliModule()));
  }

  <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  @Override
  public void close() {
    injector.getInstance(Database.class).close();
  }
}
