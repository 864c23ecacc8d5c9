package dev.pacer.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.slf4j.Marker;

/**
 * While the database is unreachable, Quartz and HikariCP log every failed connection, often with a
 * stack trace, several times a second. {@link DatabaseWatch} reports the outage once, in plain
 * words, and its end; this filter drops those libraries' connection failures (and only those), so
 * the log stays readable. Referenced from conf/logback.xml.
 */
public final class ConnectionNoiseFilter extends TurboFilter {
  private static final String[] NOISY = {"org.quartz.", "com.zaxxer.hikari."};
  private static final String[] CONNECTION_MESSAGES = {
    "Connection is closed",
    "connection closed",
    "Communications link failure",
    "Failed to validate connection",
    "failed to create/setup connection",
    "Failed to obtain DB connection",
    "Connection is not available",
    "marked as broken",
  };

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !level.isGreaterOrEqual(Level.WARN) || !noisy(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    Throwable error = t != null ? t : lastThrowable(params);
    return isConnectionFailure(error) || mentionsConnection(format)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }

  private static boolean noisy(String name) {
    for (String prefix : NOISY) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable lastThrowable(Object[] params) {
    return params != null && params.length > 0 && params[params.length - 1] instanceof Throwable t
        ? t
        : null;
  }

  static boolean isConnectionFailure(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof SQLTransientConnectionException || cause instanceof SocketException) {
        return true;
      }
      if (cause instanceof SQLException sql
          && sql.getSQLState() != null
          && sql.getSQLState().startsWith("08")) {
        return true;
      }
      if (mentionsConnection(cause.getMessage())) {
        return true;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return false;
  }

  private static boolean mentionsConnection(String text) {
    if (text == null) {
      return false;
    }
    for (String message : CONNECTION_MESSAGES) {
      if (text.contains(message)) {
        return true;
      }
    }
    return false;
  }
}
