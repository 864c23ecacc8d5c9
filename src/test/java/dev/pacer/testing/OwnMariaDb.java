package dev.pacer.testing;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.awaitility.Awaitility;

/**
 * A MariaDB server of its own, in a temporary directory, for tests that kill the database: the
 * shared test server must stay up for every other test. Needs the server's binaries on this machine
 * ({@code mariadb-install-db}, {@code mariadbd}), as the CI machine has them.
 */
public final class OwnMariaDb implements Closeable {
  private static final Path SERVER = Path.of("/usr/sbin/mariadbd");
  private static final Path INSTALL = Path.of("/usr/bin/mariadb-install-db");

  private final Path directory;
  private final int port;
  private final List<String> options;
  private Process server;

  private OwnMariaDb(Path directory, int port, List<String> options) {
    this.directory = directory;
    this.port = port;
    this.options = options;
  }

  /** Creates the server's data directory and starts it, without a binary log. */
  public static OwnMariaDb start() throws IOException, InterruptedException {
    return start("--skip-log-bin");
  }

  /** Creates the server's data directory and starts it with these server options. */
  public static OwnMariaDb start(String... options) throws IOException, InterruptedException {
    if (!Files.isExecutable(SERVER) || !Files.isExecutable(INSTALL)) {
      throw new IllegalStateException(
          "this test starts a MariaDB server of its own: it needs " + SERVER + " and " + INSTALL);
    }
    Path directory = Files.createTempDirectory("pacer-own-mariadb");
    Process install =
        new ProcessBuilder(
                INSTALL.toString(),
                "--no-defaults",
                "--datadir=" + directory.resolve("data"),
                "--user=" + System.getProperty("user.name"),
                "--auth-root-authentication-method=normal",
                "--skip-test-db")
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("install.log").toFile())
            .start();
    if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
      throw new IllegalStateException(
          "mariadb-install-db failed: " + Files.readString(directory.resolve("install.log")));
    }
    OwnMariaDb database = new OwnMariaDb(directory, freePort(), List.of(options));
    database.startServer();
    return database;
  }

  /** Starts the server (again, after {@link #kill}: InnoDB recovers what was committed). */
  public synchronized void startServer() throws IOException {
    server =
        new ProcessBuilder(
                Stream.concat(
                        Stream.of(
                            SERVER.toString(),
                            "--no-defaults",
                            "--datadir=" + directory.resolve("data"),
                            "--port=" + port,
                            "--bind-address=127.0.0.1",
                            "--socket=" + directory.resolve("mysqld.sock"),
                            "--pid-file=" + directory.resolve("mysqld.pid"),
                            "--user=" + System.getProperty("user.name"),
                            "--skip-grant-tables",
                            "--innodb-buffer-pool-size=128M",
                            "--max-connections=500"),
                        options.stream())
                    .toList())
            .redirectErrorStream(true)
            .redirectOutput(
                ProcessBuilder.Redirect.appendTo(directory.resolve("server.log").toFile()))
            .start();
    Awaitility.await("own MariaDB on port " + port)
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(200))
        .ignoreExceptions()
        .until(
            () -> {
              try (Connection connection = connect("")) {
                return connection.isValid(2);
              }
            });
  }

  /** kill -9: the server dies without a word, its clients' connections break. */
  public synchronized void kill() throws InterruptedException {
    if (server != null) {
      server.destroyForcibly();
      server.waitFor();
      server = null;
    }
  }

  public int port() {
    return port;
  }

  /** A JDBC URL of a database on this server. */
  public String url(String database) {
    return "jdbc:mysql://127.0.0.1:" + port + "/" + database;
  }

  public void createDatabase(String name) throws SQLException {
    try (Connection connection = connect("");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4");
    }
  }

  public Connection connect(String database) throws SQLException {
    return DriverManager.getConnection(url(database), "root", "");
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      kill();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> files = Files.walk(directory)) {
      files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    }
  }
}
