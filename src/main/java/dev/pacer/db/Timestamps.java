package dev.pacer.db;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Reads and writes instants as UTC date-times. Sessions are pinned to UTC (see {@link Dialect}), so
 * a {@code TIMESTAMP} column stores the right instant and a {@code DATETIME} column shows UTC.
 */
public final class Timestamps {
  private static final DateTimeFormatter TEXT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss.SSS");

  private Timestamps() {}

  /**
   * Binds the instant as text, {@code 2026-01-02 03:04:05.678}. MySQL Connector/J takes MariaDB
   * (which it sees as MySQL "5.5.5-10.x") for a server without fractional seconds and would drop
   * the milliseconds of a date-time object; every server parses the text in full.
   */
  public static void set(PreparedStatement statement, int index, Instant instant)
      throws SQLException {
    if (instant == null) {
      statement.setNull(index, Types.TIMESTAMP);
    } else {
      statement.setString(index, text(instant));
    }
  }

  /**
   * The instant as {@code uuuu-MM-dd HH:mm:ss.SSS} in UTC. Written digit by digit for years 1000 to
   * 9999: a run binds several instants, and {@link DateTimeFormatter} took a tenth of a node's
   * processor time at 1,000 runs a second (a flight recording, docs/benchmarks.md).
   */
  static String text(Instant instant) {
    LocalDateTime time = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    int year = time.getYear();
    if (year < 1000 || year > 9999) {
      return TEXT.format(time);
    }
    char[] text = new char[23];
    digits(text, 0, year, 4, '-');
    digits(text, 5, time.getMonthValue(), 2, '-');
    digits(text, 8, time.getDayOfMonth(), 2, ' ');
    digits(text, 11, time.getHour(), 2, ':');
    digits(text, 14, time.getMinute(), 2, ':');
    digits(text, 17, time.getSecond(), 2, '.');
    digits(text, 20, time.getNano() / 1_000_000, 3, '\0');
    return new String(text);
  }

  /** Writes the value's last {@code width} digits at {@code at}, then the separator if any. */
  private static void digits(char[] text, int at, int value, int width, char separator) {
    for (int i = at + width - 1; i >= at; i--) {
      text[i] = (char) ('0' + value % 10);
      value /= 10;
    }
    if (separator != '\0') {
      text[at + width] = separator;
    }
  }

  public static Instant get(ResultSet rows, String column) throws SQLException {
    LocalDateTime value = rows.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
