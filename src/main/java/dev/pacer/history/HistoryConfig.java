package dev.pacer.history;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.util.List;
import java.util.regex.Pattern;

/** Which table holds the user's monitoring items. */
public final class HistoryConfig implements Validated {
  private static final Pattern IDENTIFIER =
      Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)?");

  private String table = "history";

  public String getTable() {
    return table;
  }

  @Config(
      value = "history.table",
      description =
          "Table of monitoring items (item, last_execution_time, execution_interval, result)")
  public void setTable(String table) {
    this.table = table;
  }

  @Override
  public void validate(List<String> problems) {
    if (!IDENTIFIER.matcher(table).matches()) {
      problems.add("history.table: '" + table + "' is not a plain table name ([schema.]name)");
    }
  }
}
