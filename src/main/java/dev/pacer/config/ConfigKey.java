package dev.pacer.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** One configuration key: the {@link Config} setter it binds to and the getter that reads it. */
public record ConfigKey(
    String key, String description, boolean secret, Class<?> owner, Method setter, Method getter) {

  /** The environment variable that overrides this key: {@code db.url} is {@code PACER_DB_URL}. */
  public String environmentVariable() {
    return environmentVariable(key);
  }

  public static String environmentVariable(String key) {
    return "PACER_" + key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
  }

  /** The value as printed in the configuration reference. */
  public String defaultValue() {
    try {
      return format(getter.invoke(owner.getConstructor().newInstance()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read default of " + key, e);
    }
  }

  String read(Object bean) {
    try {
      return format(getter.invoke(bean));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + key, e);
    }
  }

  /** Converts and assigns the text value; a problem is described as an exception message. */
  void assign(Object bean, String text) {
    Object value = convert(setter.getParameterTypes()[0], text.trim());
    try {
      setter.invoke(bean, value);
    } catch (InvocationTargetException e) {
      throw new IllegalArgumentException(e.getCause().getMessage(), e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  public static List<ConfigKey> of(Class<?> owner) {
    List<ConfigKey> keys = new ArrayList<>();
    for (Method setter : owner.getMethods()) {
      Config config = setter.getAnnotation(Config.class);
      if (config == null) {
        continue;
      }
      keys.add(
          new ConfigKey(
              config.value(),
              config.description(),
              config.secret(),
              owner,
              setter,
              getter(setter)));
    }
    keys.sort(Comparator.comparing(ConfigKey::key));
    return keys;
  }

  static Method getter(Method setter) {
    String property = setter.getName().substring(3);
    for (String prefix : List.of("get", "is")) {
      try {
        return setter.getDeclaringClass().getMethod(prefix + property);
      } catch (NoSuchMethodException e) {
        // try the next prefix
      }
    }
    throw new IllegalStateException("no getter for " + setter);
  }

  private static Object convert(Class<?> type, String text) {
    if (type == String.class) {
      return text;
    }
    if (type == int.class || type == Integer.class) {
      try {
        return Integer.parseInt(text);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' is not a whole number");
      }
    }
    if (type == boolean.class || type == Boolean.class) {
      if (text.equalsIgnoreCase("true") || text.equalsIgnoreCase("false")) {
        return Boolean.parseBoolean(text);
      }
      throw new IllegalArgumentException("'" + text + "' is not true or false");
    }
    if (type == Duration.class) {
      return Durations.parse(text);
    }
    if (type == Path.class) {
      return Path.of(text);
    }
    if (type.isEnum()) {
      return enumValue(type, text);
    }
    throw new IllegalStateException("unsupported configuration type " + type);
  }

  private static Object enumValue(Class<?> type, String text) {
    for (Object constant : type.getEnumConstants()) {
      if (enumName(constant).equalsIgnoreCase(text)) {
        return constant;
      }
    }
    List<String> names = Arrays.stream(type.getEnumConstants()).map(ConfigKey::enumName).toList();
    throw new IllegalArgumentException("'" + text + "' is not one of " + String.join(", ", names));
  }

  private static String enumName(Object constant) {
    return ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  private static String format(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof Duration d) {
      return Durations.format(d);
    }
    if (value instanceof Enum<?> e) {
      return enumName(e);
    }
    return value.toString();
  }
}
