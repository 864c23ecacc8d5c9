package dev.pacer.config;

import static java.util.Objects.requireNonNull;

import com.google.inject.AbstractModule;

/** Binds each feature's configuration object, already built and validated. */
public final class ConfigModule extends AbstractModule {
  private final Configuration configuration;

  public ConfigModule(Configuration configuration) {
    this.configuration = requireNonNull(configuration);
  }

  @Override
  protected void configure() {
    bind(Configuration.class).toInstance(configuration);
    configuration.beans().forEach(this::bindBean);
  }

  private <T> void bindBean(Class<T> type, Object bean) {
    bind(type).toInstance(type.cast(bean));
  }
}
