package dev.pacer.run.collector.sql;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.util.List;

/** A query the sql collector may run: its value is the first column of the first row. */
public final class SqlQuery implements Validated {
  private String source = "";
  private String sql = "";

  public String getSource() {
    return source;
  }

  @Config(value = "source", description = "The collector.sql.source to run it on")
  public void setSource(String source) {
    this.source = source;
  }

  public String getSql() {
    return sql;
  }

  @Config(value = "sql", description = "A query whose first column of the first row is a number")
  public void setSql(String sql) {
    this.sql = sql;
  }

  @Override
  public void validate(List<String> problems) {
    if (source.isBlank()) {
      problems.add("source: is required");
    }
    if (sql.isBlank()) {
      problems.add("sql: is required");
    }
  }
}
