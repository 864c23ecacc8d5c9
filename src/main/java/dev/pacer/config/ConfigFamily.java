package dev.pacer.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a setter taking a {@code Map<String, E>} to a family of keys {@code
 * <prefix>.<name>.<member>} whose names the operator chooses, such as {@code
 * collector.sql.source.shop.url}. The members are the {@link Config} setters of {@code E}; each
 * name gets its own {@code E}.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface ConfigFamily {
  /** The prefix, without the trailing dot. */
  String value();

  /** One line for the configuration reference. */
  String description();
}
