package dev.pacer.config;

import dev.pacer.config.Configuration.ConfigProperty;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Builds the configuration from {@code conf/pacer.properties} and {@code PACER_*} environment
 * variables (which win), reporting every problem at once: bad values, failed checks, unknown keys.
 */
public final class ConfigLoader {
  /** Environment variables of the launch scripts, not configuration keys. */
  private static final Set<String> LAUNCHER_VARIABLES =
      Set.of("PACER_HOME", "PACER_CONFIG", "PACER_OPTS", "PACER_LOGBACK");

  private final List<Class<?>> configClasses;

  public ConfigLoader(List<Class<?>> configClasses) {
    this.configClasses = List.copyOf(configClasses);
  }

  public List<ConfigKey> keys() {
    return configClasses.stream()
        .flatMap(c -> ConfigKey.of(c).stream())
        .sorted(Comparator.comparing(ConfigKey::key))
        .toList();
  }

  public List<FamilyKey> families() {
    return configClasses.stream()
        .flatMap(c -> FamilyKey.of(c).stream())
        .sorted(Comparator.comparing(FamilyKey::prefix))
        .toList();
  }

  public static Map<String, String> readFile(Path file) {
    Properties properties = new Properties();
    try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      properties.load(reader);
    } catch (IOException e) {
      throw new ConfigException(List.of("cannot read " + file + ": " + e.getMessage()));
    }
    Map<String, String> values = new TreeMap<>();
    properties.forEach((k, v) -> values.put(k.toString().trim(), v.toString()));
    return values;
  }

  public Configuration load(Map<String, String> fileValues, Map<String, String> environment) {
    List<ConfigKey> keys = keys();
    List<FamilyKey> families = families();
    Map<String, ConfigKey> byKey = new LinkedHashMap<>();
    keys.forEach(k -> byKey.put(k.key(), k));
    Map<String, ConfigKey> byVariable = new HashMap<>();
    keys.forEach(k -> byVariable.put(k.environmentVariable(), k));

    List<String> problems = new ArrayList<>();
    Map<String, String> values = new HashMap<>();
    Map<String, String> sources = new HashMap<>();
    fileValues.forEach(
        (key, value) -> {
          int before = problems.size();
          String known = byKey.containsKey(key) ? key : familyKey(key, families, problems);
          if (known != null) {
            values.put(known, value);
            sources.put(known, "file");
          } else if (problems.size() == before) {
            problems.add(
                "unknown key '" + key + "'" + Suggestions.nearest(key, candidates(key, families)));
          }
        });
    new TreeMap<>(environment)
        .forEach(
            (variable, value) -> {
              ConfigKey key = byVariable.get(variable);
              String known = key != null ? key.key() : familyVariable(variable, families);
              if (known != null) {
                values.put(known, value);
                sources.put(known, "environment " + variable);
              } else if (variable.startsWith("PACER_") && !LAUNCHER_VARIABLES.contains(variable)) {
                problems.add(
                    "unknown environment variable "
                        + variable
                        + Suggestions.nearest(variable, variableCandidates(families)));
              }
            });

    Map<Class<?>, Object> beans = new LinkedHashMap<>();
    for (Class<?> type : configClasses) {
      beans.put(type, build(type, values, problems));
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    List<ConfigProperty> effective = new ArrayList<>();
    for (ConfigKey key : keys) {
      effective.add(property(key.key(), key, beans.get(key.owner()), sources));
    }
    for (FamilyKey family : families) {
      family
          .read(beans.get(family.owner()))
          .forEach(
              (name, element) -> {
                for (ConfigKey member : family.members()) {
                  String key = family.prefix() + "." + name + "." + member.key();
                  effective.add(property(key, member, element, sources));
                }
              });
    }
    effective.sort(Comparator.comparing(ConfigProperty::key));
    return new Configuration(beans, effective);
  }

  private static ConfigProperty property(
      String key, ConfigKey definition, Object bean, Map<String, String> sources) {
    String value = definition.read(bean);
    // A URL may carry a password of its own: jdbc:mysql://user:secret@host/db, ?password=secret.
    String shown =
        definition.secret() && !value.isEmpty() ? Secrets.MASK : Secrets.maskCredentials(value);
    return new ConfigProperty(key, shown, sources.getOrDefault(key, "default"));
  }

  /** The family key {@code key} is, or null; a bad name is added to {@code problems}. */
  private static String familyKey(String key, List<FamilyKey> families, List<String> problems) {
    for (FamilyKey family : families) {
      try {
        Optional<FamilyKey.Match> match = family.match(key);
        if (match.isPresent()) {
          return match.get().key();
        }
      } catch (IllegalArgumentException e) {
        problems.add(key + ": " + e.getMessage());
        return null;
      }
    }
    return null;
  }

  private static String familyVariable(String variable, List<FamilyKey> families) {
    for (FamilyKey family : families) {
      Optional<FamilyKey.Match> match = family.matchVariable(variable);
      if (match.isPresent()) {
        return match.get().key();
      }
    }
    return null;
  }

  private Set<String> candidates(String key, List<FamilyKey> families) {
    Set<String> candidates = new TreeSet<>();
    keys().forEach(k -> candidates.add(k.key()));
    families.forEach(f -> candidates.addAll(f.candidates(key)));
    return candidates;
  }

  private Set<String> variableCandidates(List<FamilyKey> families) {
    Set<String> candidates = new TreeSet<>();
    keys().forEach(k -> candidates.add(k.environmentVariable()));
    families.forEach(f -> f.members().forEach(m -> candidates.add(f.environmentPattern(m))));
    return candidates;
  }

  private static Object build(Class<?> type, Map<String, String> values, List<String> problems) {
    Object bean;
    try {
      bean = type.getConstructor().newInstance();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("configuration class needs a public constructor: " + type, e);
    }
    boolean assigned = true;
    for (ConfigKey key : ConfigKey.of(type)) {
      String value = values.get(key.key());
      if (value == null) {
        continue;
      }
      try {
        key.assign(bean, value);
      } catch (IllegalArgumentException e) {
        assigned = false;
        problems.add(key.key() + ": " + e.getMessage());
      }
    }
    for (FamilyKey family : FamilyKey.of(type)) {
      assigned &= buildFamily(family, bean, values, problems);
    }
    if (assigned && bean instanceof Validated validated) {
      validated.validate(problems);
    }
    return bean;
  }

  /** Gives each name of the family its own element, assigned and validated on its own. */
  private static boolean buildFamily(
      FamilyKey family, Object bean, Map<String, String> values, List<String> problems) {
    Map<String, Object> elements = new TreeMap<>();
    boolean assigned = true;
    for (String key : new TreeSet<>(values.keySet())) {
      Optional<FamilyKey.Match> match = family.match(key);
      if (match.isEmpty()) {
        continue;
      }
      Object element = elements.computeIfAbsent(match.get().name(), n -> family.newElement());
      try {
        match.get().member().assign(element, values.get(key));
      } catch (IllegalArgumentException e) {
        assigned = false;
        problems.add(key + ": " + e.getMessage());
      }
    }
    if (assigned) {
      elements.forEach(
          (name, element) -> {
            if (element instanceof Validated validated) {
              List<String> own = new ArrayList<>();
              validated.validate(own);
              own.forEach(p -> problems.add(family.prefix() + "." + name + "." + p));
            }
          });
    }
    family.assign(bean, elements);
    return assigned;
  }
}
