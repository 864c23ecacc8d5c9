package dev.pacer.run.collector.sql;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.time.Duration;
import java.util.List;

/** A database the sql collector may query: a small connection pool of its own. */
public final class SqlSource implements Validated {
  private String url = "";
  private String user = "";
  private String password = "";
  private int poolSize = 2;
  private Duration connectTimeout = Duration.ofSeconds(5);

  public String getUrl() {
    return url;
  }

  @Config(
      value = "url",
      description = "JDBC URL (MySQL, MariaDB and H2 drivers are built in; others go in lib/)")
  public void setUrl(String url) {
    this.url = url;
  }

  public String getUser() {
    return user;
  }

  @Config(value = "user", description = "Database user")
  public void setUser(String user) {
    this.user = user;
  }

  public String getPassword() {
    return password;
  }

  @Config(value = "password", description = "Database password", secret = true)
  public void setPassword(String password) {
    this.password = password;
  }

  public int getPoolSize() {
    return poolSize;
  }

  @Config(value = "pool-size", description = "Connections to this database at most")
  public void setPoolSize(int poolSize) {
    this.poolSize = poolSize;
  }

  public Duration getConnectTimeout() {
    return connectTimeout;
  }

  @Config(
      value = "connect-timeout",
      description = "How long a run waits for a connection to this database")
  public void setConnectTimeout(Duration connectTimeout) {
    this.connectTimeout = connectTimeout;
  }

  @Override
  public void validate(List<String> problems) {
    if (url.isBlank()) {
      problems.add("url: is required");
    } else if (!url.startsWith("jdbc:")) {
      problems.add("url: '" + url + "' is not a JDBC URL (jdbc:...)");
    }
    if (poolSize < 1 || poolSize > 50) {
      problems.add("pool-size: " + poolSize + " is not between 1 and 50");
    }
    if (connectTimeout.toMillis() < 250) {
      problems.add("connect-timeout: must be at least 250ms");
    }
  }
}
