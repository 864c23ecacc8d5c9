package dev.pacer.db;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * While the database is unreachable, Quartz and HikariCP log every failed connection, often with a
 * stack trace, several times a second. {@link DatabaseWatch} reports the outage once, in plain
 * words, and its end; this filter drops those libraries' connection failures (and only those), so
 * the log stays readable. Referenced from conf/logback.xml.
 */
public final class ConnectionNoiseFilter extends TurboFilter {
  private static final String[] NOISY = {"org.quartz.", "com.zaxxer.hikari."};

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (logger == null || !level.isGreaterOrEqual(Level.WARN) || !noisy(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    Throwable error = t != null ? t : lastThrowable(params);
    return Database.lostConnection(error)
            || Database.mentionsLostConnection(format)
            || closedWhileConnecting(format)
        ? FilterReply.DENY
        : FilterReply.NEUTRAL;
  }

  /**
   * HikariCP closed while its background thread still tries to open a connection to a database that
   * is not there: the node stopping says all there is to say.
   */
  private static boolean closedWhileConnecting(String format) {
    return format != null && format.contains("Timed-out waiting for add connection executor");
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
}
