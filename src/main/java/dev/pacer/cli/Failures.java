package dev.pacer.cli;

import dev.pacer.config.ConfigException;
import dev.pacer.db.Database;
import java.sql.SQLException;
import java.util.Set;

/** Finds the problem behind an exception Guice, Quartz or JDBC wrapped, in an operator's words. */
final class Failures {
  /** "No such table": MySQL's 1146, H2's 42102 and 42104 (the latter: the database is empty). */
  private static final Set<Integer> MISSING_TABLE_CODES = Set.of(1146, 42102, 42104);

  private Failures() {}

  static ConfigException configProblem(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof ConfigException config) {
        return config;
      }
      if (cause instanceof com.google.inject.CreationException creation) {
        for (com.google.inject.spi.Message message : creation.getErrorMessages()) {
          if (message.getCause() instanceof ConfigException config) {
            return config;
          }
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }

  /** One line naming the problem: the database's reason, with a hint where one helps. */
  static String describe(Throwable error) {
    if (error instanceof CliException) {
      return error.getMessage();
    }
    // H2 ends the line before the statement it quotes on the next.
    String reason = Database.reason(error).replaceFirst(";? *SQL statement:$", "");
    if (Database.lostConnection(error)) {
      return "cannot reach the database: " + reason;
    }
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLException sql) {
        if ("42S02".equals(sql.getSQLState()) || MISSING_TABLE_CODES.contains(sql.getErrorCode())) {
          return reason + " (create the tables: bin/pacer schema apply)";
        }
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return reason;
  }
}
