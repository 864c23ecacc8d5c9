package dev.pacer.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * The MySQL-family server the integration tests use: the one named by {@code TEST_MYSQL_URL}
 * ({@code TEST_MYSQL_USER}, {@code TEST_MYSQL_PASSWORD}) if set; else a Testcontainers MariaDB when
 * Docker runs; else the local MariaDB on 127.0.0.1:3306 as root. A test that cannot reach it fails:
 * it never skips.
 */
public final class TestingServer {
  private static TestingServer instance;
  private static TestingServer withBinlog;

  private final String baseUrl;
  private final String user;
  private final String password;

  private TestingServer(String baseUrl, String user, String password) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.user = user;
    this.password = password;
  }

  public static synchronized TestingServer get() {
    if (instance == null) {
      instance = create();
    }
    return instance;
  }

  /**
   * A MariaDB server that writes a binary log in row format, as MySQL 8 does by default (the shared
   * server writes none): a Testcontainers MariaDB when Docker runs, else one of this JVM's own
   * ({@link OwnMariaDb}).
   */
  public static synchronized TestingServer withBinlog() {
    String[] options = {"--log-bin=binlog", "--binlog-format=ROW", "--server-id=1"};
    if (withBinlog == null && dockerAvailable()) {
      MariaDBContainer container =
          new MariaDBContainer("mariadb:10.11")
              .withUsername("root")
              .withPassword("test")
              .withCommand(options);
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      withBinlog =
          new TestingServer(
              "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306),
              "root",
              "test");
    }
    if (withBinlog == null) {
      try {
        OwnMariaDb server = OwnMariaDb.start(options);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(server)));
        withBinlog = new TestingServer("jdbc:mysql://127.0.0.1:" + server.port(), "root", "");
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    return withBinlog;
  }

  private static void closeQuietly(OwnMariaDb server) {
    try {
      server.close();
    } catch (IOException e) {
      // the JVM is exiting
    }
  }

  private static TestingServer create() {
    String url = System.getenv("TEST_MYSQL_URL");
    if (url != null && !url.isBlank()) {
      return new TestingServer(url, env("TEST_MYSQL_USER", "root"), env("TEST_MYSQL_PASSWORD", ""));
    }
    if (dockerAvailable()) {
      MariaDBContainer container =
          new MariaDBContainer("mariadb:10.11").withUsername("root").withPassword("test");
      container.start();
      Runtime.getRuntime().addShutdownHook(new Thread(container::stop));
      String jdbc = "jdbc:mysql://" + container.getHost() + ":" + container.getMappedPort(3306);
      return new TestingServer(jdbc, "root", "test");
    }
    return new TestingServer("jdbc:mysql://127.0.0.1:3306", "root", "");
  }

  private static boolean dockerAvailable() {
    if (System.getenv("DOCKER_HOST") == null && !Files.exists(Path.of("/var/run/docker.sock"))) {
      return false; // spares the log Testcontainers' search for a Docker that is not there
    }
    try {
      return DockerClientFactory.instance().isDockerAvailable();
    } catch (RuntimeException | LinkageError e) {
      return false;
    }
  }

  private static String env(String name, String fallback) {
    String value = System.getenv(name);
    return value == null ? fallback : value;
  }

  public String host() {
    return baseUrl.replaceFirst("^jdbc:mysql://", "").split(":")[0];
  }

  public int port() {
    String[] parts = baseUrl.replaceFirst("^jdbc:mysql://", "").split(":");
    return parts.length > 1 ? Integer.parseInt(parts[1]) : 3306;
  }

  public String url(String database) {
    return baseUrl + "/" + database;
  }

  public String user() {
    return user;
  }

  public String password() {
    return password;
  }

  public Connection connection() throws SQLException {
    return DriverManager.getConnection(baseUrl + "/", user, password);
  }
}
