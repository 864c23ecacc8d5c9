package dev.pacer.testing;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.LoggerFactory;

/** Collects what one logger writes during each test. */
public final class LogCapture implements BeforeEachCallback, AfterEachCallback {
  private final String loggerName;
  private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

  private LogCapture(String loggerName) {
    this.loggerName = loggerName;
  }

  public static LogCapture of(Class<?> type) {
    return new LogCapture(type.getName());
  }

  public static LogCapture of(String loggerName) {
    return new LogCapture(loggerName);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    appender.list.clear();
    appender.start();
    ((Logger) LoggerFactory.getLogger(loggerName)).addAppender(appender);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    ((Logger) LoggerFactory.getLogger(loggerName)).detachAppender(appender);
    appender.stop();
  }

  /** The formatted messages so far. */
  public List<String> messages() {
    return List.copyOf(appender.list).stream().map(ILoggingEvent::getFormattedMessage).toList();
  }

  public List<ILoggingEvent> events() {
    return List.copyOf(appender.list);
  }
}
