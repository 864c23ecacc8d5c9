package dev.pacer.history;

import dev.pacer.db.Database;
import dev.pacer.db.Timestamps;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads history rows whatever the table's column types turn out to be. The seed's schema has a
 * {@code VARCHAR} item that is the primary key, an {@code INT} interval and a {@code TIMESTAMP NOT
 * NULL}, but a table Pacer adopts may have a nullable item, no primary key, a {@code BIGINT},
 * {@code DECIMAL} or {@code VARCHAR} interval, or a nullable or text date. Every value is therefore
 * read as the driver hands it over and checked here: a row Pacer cannot schedule becomes a row with
 * a problem, never an exception that would stop the reading of every other row.
 */
public final class HistoryRows {
  /** The longest name Pacer's own tables hold (their item columns are {@code VARCHAR(255)}). */
  static final int MAX_NAME = 255;

  private HistoryRows() {}

  /**
   * The current row of a result set with the columns {@code item}, {@code last_execution_time} and
   * {@code execution_interval}.
   */
  public static HistoryRow read(ResultSet rows, int bucket) throws SQLException {
    String item = rows.getString("item");
    String intervalText = rows.getString("execution_interval");
    Interval interval = Interval.parse(intervalText);
    Instant lastExecution = null;
    String problem = interval.problem();
    try {
      lastExecution = Timestamps.get(rows, "last_execution_time");
    } catch (SQLException e) {
      if (Database.lostConnection(e)) {
        throw e;
      }
      String text = rows.getString("last_execution_time");
      // MySQL's zero date stands for no date, in tables older than strict mode: never run.
      if (text != null && !text.startsWith("0000-00-00")) {
        problem = "last_execution_time '" + text + "' is not a date and time";
      }
    }
    if (item == null) {
      problem =
          "an item needs a name (execution_interval "
              + (intervalText == null ? "NULL" : "'" + intervalText + "'")
              + ", last_execution_time "
              + lastExecution
              + ")";
    } else if (item.codePointCount(0, item.length()) > MAX_NAME) {
      problem =
          "the name has "
              + item.codePointCount(0, item.length())
              + " characters, more than the "
              + MAX_NAME
              + " Pacer's tables hold";
    }
    return new HistoryRow(item, lastExecution, interval.seconds(), bucket, problem);
  }

  /**
   * The rows, those whose item another row has too marked unusable: Pacer keeps one schedule, one
   * result and one set of settings per name, so it cannot tell which of them is the item.
   */
  public static List<HistoryRow> withoutDuplicates(List<HistoryRow> rows) {
    Map<String, Integer> count = new HashMap<>();
    for (HistoryRow row : rows) {
      if (row.item() != null) {
        count.merge(row.item(), 1, Integer::sum);
      }
    }
    if (count.size() == rows.size()) {
      return rows;
    }
    List<HistoryRow> checked = new ArrayList<>(rows.size());
    for (HistoryRow row : rows) {
      int same = row.item() == null ? 1 : count.get(row.item());
      checked.add(same == 1 ? row : row.withProblem(same + " rows have this item"));
    }
    return checked;
  }

  static String intervalProblem(long seconds) {
    return seconds > 0
        ? null
        : "execution_interval " + seconds + " is not a positive number of seconds";
  }

  /** An interval as read: its seconds, or why it is not one (then seconds is 0). */
  private record Interval(int seconds, String problem) {
    static Interval parse(String text) {
      if (text == null) {
        return new Interval(0, "execution_interval is NULL");
      }
      BigDecimal value;
      try {
        value = new BigDecimal(text.trim());
      } catch (NumberFormatException e) {
        return new Interval(0, "execution_interval '" + text + "' is not a number");
      }
      if (value.signum() > 0 && value.stripTrailingZeros().scale() > 0) {
        return new Interval(0, "execution_interval " + text + " is not a whole number of seconds");
      }
      if (value.compareTo(BigDecimal.valueOf(Integer.MAX_VALUE)) > 0) {
        return new Interval(
            0,
            "execution_interval "
                + text
                + " is more than "
                + Integer.MAX_VALUE
                + " seconds, the most an INT holds");
      }
      if (value.signum() <= 0) {
        return new Interval(
            value.compareTo(BigDecimal.valueOf(Integer.MIN_VALUE)) < 0 ? 0 : value.intValue(),
            "execution_interval " + text + " is not a positive number of seconds");
      }
      return new Interval(value.intValueExact(), null);
    }
  }
}
