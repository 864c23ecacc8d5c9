package dev.pacer.config;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A family of keys {@code <prefix>.<name>.<member>} declared by a {@link ConfigFamily} setter.
 * Names are lowercase letters, digits and dashes, so an environment variable maps back to exactly
 * one key: {@code PACER_COLLECTOR_SQL_SOURCE_SHOP_DB_URL} is {@code
 * collector.sql.source.shop-db.url} (the member is the longest one the variable ends with).
 */
public record FamilyKey(
    String prefix,
    String description,
    Class<?> owner,
    Method setter,
    Method getter,
    Class<?> elementType,
    List<ConfigKey> members) {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,63}");

  /** A key of this family, split into its parts. */
  public record Match(FamilyKey family, String name, ConfigKey member) {
    public String key() {
      return family.prefix + "." + name + "." + member.key();
    }
  }

  /** The key pattern of a member, as documented: {@code collector.sql.source.<name>.url}. */
  public String pattern(ConfigKey member) {
    return prefix + ".<name>." + member.key();
  }

  /** The variable pattern of a member: {@code PACER_COLLECTOR_SQL_SOURCE_<NAME>_URL}. */
  public String environmentPattern(ConfigKey member) {
    return ConfigKey.environmentVariable(prefix) + "_<NAME>_" + variableSuffix(member);
  }

  public static boolean isValidName(String name) {
    return NAME.matcher(name).matches();
  }

  /**
   * The parts of {@code key} if it has this family's prefix, a name and a member.
   *
   * @throws IllegalArgumentException if it has the prefix but an unknown member or a bad name
   */
  Optional<Match> match(String key) {
    if (!key.startsWith(prefix + ".")) {
      return Optional.empty();
    }
    String rest = key.substring(prefix.length() + 1);
    int dot = rest.lastIndexOf('.');
    if (dot <= 0) {
      return Optional.empty();
    }
    String name = rest.substring(0, dot);
    String member = rest.substring(dot + 1);
    ConfigKey found = member(member);
    if (found == null) {
      return Optional.empty();
    }
    if (!isValidName(name)) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "' is not a valid name for "
              + prefix
              + " (lowercase letters, digits, dashes)");
    }
    return Optional.of(new Match(this, name, found));
  }

  /** The key an environment variable of this family overrides, if it is one. */
  Optional<Match> matchVariable(String variable) {
    String start = ConfigKey.environmentVariable(prefix) + "_";
    if (!variable.startsWith(start)) {
      return Optional.empty();
    }
    String rest = variable.substring(start.length());
    List<ConfigKey> longestFirst = new ArrayList<>(members);
    longestFirst.sort(Comparator.comparingInt((ConfigKey m) -> -m.key().length()));
    for (ConfigKey member : longestFirst) {
      String suffix = "_" + variableSuffix(member);
      if (rest.endsWith(suffix) && rest.length() > suffix.length()) {
        String name = rest.substring(0, rest.length() - suffix.length());
        String key = name.toLowerCase(Locale.ROOT).replace('_', '-');
        if (isValidName(key)) {
          return Optional.of(new Match(this, key, member));
        }
      }
    }
    return Optional.empty();
  }

  /** Keys a misspelt {@code key} may have meant: this family's members under the same name. */
  List<String> candidates(String key) {
    String[] segments = key.split("\\.");
    int depth = prefix.split("\\.").length;
    String name = segments.length > depth ? segments[depth] : "<name>";
    return members.stream().map(m -> prefix + "." + name + "." + m.key()).toList();
  }

  ConfigKey member(String key) {
    return members.stream().filter(m -> m.key().equals(key)).findFirst().orElse(null);
  }

  @SuppressWarnings("unchecked")
  Map<String, Object> read(Object bean) {
    try {
      return (Map<String, Object>) getter.invoke(bean);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot read " + prefix, e);
    }
  }

  void assign(Object bean, Map<String, Object> elements) {
    try {
      setter.invoke(bean, elements);
    } catch (InvocationTargetException e) {
      throw new IllegalStateException("cannot assign " + prefix, e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  Object newElement() {
    try {
      return elementType.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("needs a public constructor: " + elementType, e);
    }
  }

  private static String variableSuffix(ConfigKey member) {
    return ConfigKey.environmentVariable(member.key()).substring("PACER_".length());
  }

  public static List<FamilyKey> of(Class<?> owner) {
    List<FamilyKey> families = new ArrayList<>();
    for (Method setter : owner.getMethods()) {
      ConfigFamily family = setter.getAnnotation(ConfigFamily.class);
      if (family == null) {
        continue;
      }
      Class<?> element =
          (Class<?>)
              ((ParameterizedType) setter.getGenericParameterTypes()[0])
                  .getActualTypeArguments()[1];
      List<ConfigKey> members = ConfigKey.of(element);
      checkUnambiguous(family.value(), members);
      families.add(
          new FamilyKey(
              family.value(),
              family.description(),
              owner,
              setter,
              ConfigKey.getter(setter),
              element,
              members));
    }
    families.sort(Comparator.comparing(FamilyKey::prefix));
    return families;
  }

  /** One member's variable suffix ending another's would make a variable mean two keys. */
  private static void checkUnambiguous(String prefix, List<ConfigKey> members) {
    for (ConfigKey a : members) {
      for (ConfigKey b : members) {
        if (a != b && variableSuffix(a).endsWith("_" + variableSuffix(b))) {
          throw new IllegalStateException(
              prefix + ": members " + a.key() + " and " + b.key() + " make variables ambiguous");
        }
      }
    }
  }
}
