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
      statement.setString(index, TEXT.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC)));
    }
  }

  public static Instant get(ResultSet rows, String column) throws SQLException {
    LocalDateTime value = rows.getObject(column, LocalDateTime.class);
    return value == null ? null : value.toInstant(ZoneOffset.UTC);
  }
}
