package dev.pacer.config;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** Binds a setter of a configuration class to a key of {@code conf/pacer.properties}. */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Config {
  String value();

  /** One line for the configuration reference. */
  String description();

  /** Masks the value wherever configuration is printed. */
  boolean secret() default false;
}
