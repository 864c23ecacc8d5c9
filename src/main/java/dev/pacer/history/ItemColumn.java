package dev.pacer.history;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.regex.Pattern;

/**
 * The character set and collation of the history table's {@code item} column on MySQL and MariaDB,
 * which are the user's: latin1, a case-insensitive or a binary collation, PAD SPACE or NO PAD. A
 * name Pacer sends is text in the connection's character set; compared with the column it is
 * converted to the column's own character set and collation, so the comparison is the table's own
 * (the one its primary key uses, so the index serves it) and never an "Illegal mix of collations".
 */
record ItemColumn(String characterSet, String collation) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

  /** A column whose type has no character set (a number, a binary string): compared as it is. */
  static final ItemColumn PLAIN = new ItemColumn(null, null);

  /** The column of the table ({@code [schema.]name}), as information_schema describes it. */
  static ItemColumn of(Connection connection, String table) throws SQLException {
    int dot = table.indexOf('.');
    try (PreparedStatement select =
        connection.prepareStatement(
            "SELECT CHARACTER_SET_NAME, COLLATION_NAME FROM information_schema.COLUMNS"
                + " WHERE TABLE_SCHEMA = COALESCE(?, DATABASE()) AND TABLE_NAME = ?"
                + " AND COLUMN_NAME = 'item'")) {
      select.setString(1, dot < 0 ? null : table.substring(0, dot));
      select.setString(2, table.substring(dot + 1));
      try (ResultSet rows = select.executeQuery()) {
        if (!rows.next() || !isName(rows.getString(1)) || !isName(rows.getString(2))) {
          return PLAIN;
        }
        return new ItemColumn(rows.getString(1), rows.getString(2));
      }
    }
  }

  /** Whether the text can go into SQL as a character set's or collation's name. */
  private static boolean isName(String text) {
    return text != null && NAME.matcher(text).matches();
  }

  /** SQL that turns {@code value}, a name Pacer sends, into a value of the column's collation. */
  String converted(String value) {
    if (characterSet == null) {
      return value;
    }
    return "CONVERT(" + value + " USING " + characterSet + ") COLLATE " + collation;
  }
}
