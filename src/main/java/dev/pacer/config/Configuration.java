package dev.pacer.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/** The typed configuration objects of every feature, built and validated together. */
public final class Configuration {
  private final Map<Class<?>, Object> beans;
  private final List<ConfigProperty> properties;

  Configuration(Map<Class<?>, Object> beans, List<ConfigProperty> properties) {
    this.beans = Map.copyOf(beans);
    this.properties = List.copyOf(properties);
  }

  public <T> T get(Class<T> type) {
    Object bean = beans.get(type);
    if (bean == null) {
      throw new IllegalArgumentException("not a configuration class: " + type.getName());
    }
    return type.cast(bean);
  }

  public Map<Class<?>, Object> beans() {
    return beans;
  }

  /** Every key with its effective value; secrets masked. */
  public List<ConfigProperty> properties() {
    return properties;
  }

  /** A key, its effective value (masked if secret) and where the value came from. */
  public record ConfigProperty(String key, String value, String source) {
    public ConfigProperty {
      requireNonNull(key);
      requireNonNull(value);
      requireNonNull(source);
    }
  }
}
