package dev.pacer.db;

import dev.pacer.config.Config;
import dev.pacer.config.Secrets;
import dev.pacer.config.Validated;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/** Where the shared database is and how Pacer's single connection pool reaches it. */
public final class DbConfig implements Validated {
  public static final String EMBEDDED_URL = "jdbc:h2:file:./var/db/pacer";

  /** Connector/J's URL naming one database: the host part may be empty (localhost) or a list. */
  private static final Pattern MYSQL_URL =
      Pattern.compile("jdbc:mysql://[^/?#]*/[^/?#;\\s]+(\\?.*)?");

  private String url = EMBEDDED_URL;
  private String user = "";
  private String password = "";
  private int poolSize = 40;
  private Duration connectTimeout = Duration.ofSeconds(5);
  private Duration retryInterval = Duration.ofSeconds(5);

  public String getUrl() {
    return url;
  }

  @Config(
      value = "db.url",
      description =
          "JDBC URL of the shared database: jdbc:mysql://host:3306/db for a cluster,"
              + " jdbc:h2:file:PATH for the embedded single-node default")
  public void setUrl(String url) {
    this.url = url;
  }

  public String getUser() {
    return user;
  }

  @Config(value = "db.user", description = "Database user")
  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  @Config(value = "db.password", description = "Database password", secret = true)
  public void setPassword(String password) {
    this.password = password;
  }

  public int getPoolSize() {
    return poolSize;
  }

  @Config(
      value = "db.pool-size",
      description = "Connections in the pool shared by Quartz, sync, runs and /health")
  public void setPoolSize(int poolSize) {
    this.poolSize = poolSize;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @Config(
      value = "db.connect-timeout",
      description = "How long to wait for a connection before the database counts as unreachable")
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  public Duration getRetryInterval() {
    return retryInterval;
  }

  @Config(
      value = "db.retry-interval",
      description = "Pause between attempts while the database is unreachable at start")
  public void setRetryInterval(Duration retryInterval) {
    this.retryInterval = retryInterval;
  }

  @Override
  public void validate(List<String> problems) {
    if (url.startsWith("jdbc:mariadb:")) {
      problems.add("db.url: use jdbc:mysql:// (MySQL Connector/J) for MariaDB too");
    } else if (!url.startsWith("jdbc:mysql:") && !url.startsWith("jdbc:h2:")) {
      problems.add(
          "db.url: '" + Secrets.maskCredentials(url) + "' is neither jdbc:mysql: nor jdbc:h2:");
    } else if (url.startsWith("jdbc:mysql:") && !MYSQL_URL.matcher(url).matches()) {
      problems.add(
          "db.url: '"
              + Secrets.maskCredentials(url)
              + "' is not jdbc:mysql://HOST[:PORT]/DATABASE[?OPTIONS]");
    }
    if (poolSize < 5) {
      problems.add("db.pool-size: " + poolSize + " is too small (at least 5)");
    }
    if (connectTimeout.toMillis() < 250) {
      problems.add("db.connect-timeout: must be at least 250ms");
    }
    if (retryInterval.isNegative() || retryInterval.isZero()) {
      problems.add("db.retry-interval: must be positive");
    }
  }
}
