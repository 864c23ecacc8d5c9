package dev.pacer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Key families: {@code <prefix>.<name>.<member>} with names the operator chooses. */
class ConfigFamilyTest {
  private final ConfigLoader loader = new ConfigLoader(List.of(SourcesConfig.class));

  @Test
  void givesEachNameItsOwnTypedElement() {
    Configuration config =
        loader.load(
            Map.of(
                "test.source.shop.url", "jdbc:h2:mem:shop",
                "test.source.shop.pool-size", "3",
                "test.source.billing-2.url", "jdbc:h2:mem:billing"),
            Map.of());

    Map<String, Source> sources = config.get(SourcesConfig.class).getSources();
    assertThat(sources).containsOnlyKeys("shop", "billing-2");
    assertThat(sources.get("shop").getUrl()).isEqualTo("jdbc:h2:mem:shop");
    assertThat(sources.get("shop").getPoolSize()).isEqualTo(3);
    assertThat(sources.get("billing-2").getPoolSize()).isEqualTo(2);
  }

  @Test
  void noNamesMeansAnEmptyFamily() {
    assertThat(loader.load(Map.of(), Map.of()).get(SourcesConfig.class).getSources()).isEmpty();
  }

  @Test
  void environmentVariablesOverrideAndDeclareNames() {
    Configuration config =
        loader.load(
            Map.of("test.source.shop-db.url", "jdbc:h2:mem:file", "test.source.shop-db.user", "u"),
            Map.of(
                "PACER_TEST_SOURCE_SHOP_DB_PASSWORD", "s3cret",
                "PACER_TEST_SOURCE_SHOP_DB_URL", "jdbc:h2:mem:env",
                "PACER_TEST_SOURCE_MAIN_USER_URL", "jdbc:h2:mem:main",
                "PACER_TEST_SOURCE_X_POOL_SIZE", "4",
                "PACER_TEST_SOURCE_X_URL", "jdbc:h2:mem:x"));

    Map<String, Source> sources = config.get(SourcesConfig.class).getSources();
    assertThat(sources.get("shop-db").getUrl()).isEqualTo("jdbc:h2:mem:env");
    assertThat(sources.get("shop-db").getPassword()).isEqualTo("s3cret");
    assertThat(sources.get("shop-db").getUser()).isEqualTo("u");
    // The longest member the variable ends with wins; the rest is the name.
    assertThat(sources.get("main-user").getUrl()).isEqualTo("jdbc:h2:mem:main");
    assertThat(sources).doesNotContainKey("main");
    assertThat(sources.get("x").getPoolSize()).isEqualTo(4);
    assertThat(config.properties())
        .anySatisfy(
            p -> {
              assertThat(p.key()).isEqualTo("test.source.shop-db.url");
              assertThat(p.source()).isEqualTo("environment PACER_TEST_SOURCE_SHOP_DB_URL");
            });
  }

  @Test
  void masksSecretMembersInTheEffectiveConfiguration() {
    Configuration config =
        loader.load(
            Map.of("test.source.shop.url", "jdbc:h2:mem:x", "test.source.shop.password", "hunter2"),
            Map.of());

    assertThat(config.properties())
        .filteredOn(p -> p.key().equals("test.source.shop.password"))
        .singleElement()
        .satisfies(p -> assertThat(p.value()).isEqualTo("********"));
    assertThat(config.properties().toString()).doesNotContain("hunter2");
    assertThat(config.properties())
        .extracting(Configuration.ConfigProperty::key)
        .contains("test.source.shop.url", "test.source.shop.pool-size", "test.mode");
  }

  @Test
  void reportsEveryFamilyProblemAtOnceWithSuggestions() {
    assertThatThrownBy(
            () ->
                loader.load(
                    Map.of(
                        "test.source.shop.usr", "me",
                        "test.sorce.billing.url", "jdbc:h2:mem:b",
                        "test.source.Shop DB.url", "jdbc:h2:mem:c",
                        "test.source.ok.url", "jdbc:h2:mem:ok",
                        "test.source.ok.pool-size", "many",
                        "test.source.nourl.user", "me"),
                    Map.of("PACER_TEST_SOURCE_OK_USR", "me")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "unknown key 'test.source.shop.usr' (did you mean"
                            + " 'test.source.shop.user'?)",
                        "unknown key 'test.sorce.billing.url' (did you mean"
                            + " 'test.source.billing.url'?)",
                        "test.source.Shop DB.url: 'Shop DB' is not a valid name for test.source"
                            + " (lowercase letters, digits, dashes)",
                        "test.source.ok.pool-size: 'many' is not a whole number",
                        "unknown environment variable PACER_TEST_SOURCE_OK_USR (did you mean"
                            + " 'PACER_TEST_SOURCE_<NAME>_USER'?)"));
  }

  @Test
  void validatesEachElementNamingItsFullKey() {
    assertThatThrownBy(() -> loader.load(Map.of("test.source.nourl.user", "me"), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> assertThat(e.problems()).containsExactly("test.source.nourl.url: is required"));
  }

  @Test
  void ownerValidatesAcrossItsFamily() {
    assertThatThrownBy(
            () ->
                loader.load(
                    Map.of("test.source.a.url", "jdbc:h2:mem:a", "test.mode", "only-b"), Map.of()))
        .hasMessageContaining("test.mode: no source named 'b'");
  }

  @Test
  void rejectsMembersThatWouldMakeVariablesAmbiguous() {
    assertThatThrownBy(() -> FamilyKey.of(AmbiguousConfig.class))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("ambiguous");
  }

  @Test
  void documentsEachMemberAsAPattern() {
    FamilyKey family = loader.families().get(0);
    ConfigKey url = family.member("url");

    assertThat(family.pattern(url)).isEqualTo("test.source.<name>.url");
    assertThat(family.environmentPattern(url)).isEqualTo("PACER_TEST_SOURCE_<NAME>_URL");
  }

  /** A feature with a family of sources. */
  public static final class SourcesConfig implements Validated {
    private Map<String, Source> sources = Map.of();
    private String mode = "any";

    public Map<String, Source> getSources() {
      return sources;
    }

    @ConfigFamily(value = "test.source", description = "Sources by name")
    public void setSources(Map<String, Source> sources) {
      this.sources = Map.copyOf(sources);
    }

    public String getMode() {
      return mode;
    }

    @Config(value = "test.mode", description = "any, or only-<source>")
    public void setMode(String mode) {
      this.mode = mode;
    }

    @Override
    public void validate(List<String> problems) {
      if (mode.startsWith("only-") && !sources.containsKey(mode.substring(5))) {
        problems.add("test.mode: no source named '" + mode.substring(5) + "'");
      }
    }
  }

  /** One source. */
  public static final class Source implements Validated {
    private String url = "";
    private String user = "";
    private String password = "";
    private int poolSize = 2;

    public String getUrl() {
      return url;
    }

    @Config(value = "url", description = "JDBC URL")
    public void setUrl(String url) {
      this.url = url;
    }

    public String getUser() {
      return user;
    }

    @Config(value = "user", description = "User")
    public void setUser(String user) {
      this.user = user;
    }

    public String getPassword() {
      return password;
    }

    @Config(value = "password", description = "Password", secret = true)
    public void setPassword(String password) {
      this.password = password;
    }

    public int getPoolSize() {
      return poolSize;
    }

    @Config(value = "pool-size", description = "Connections")
    public void setPoolSize(int poolSize) {
      this.poolSize = poolSize;
    }

    @Override
    public void validate(List<String> problems) {
      if (url.isBlank()) {
        problems.add("url: is required");
      }
    }
  }

  /** Members {@code size} and {@code pool-size}: is {@code X_POOL_SIZE} x.pool-size? */
  public static final class AmbiguousConfig {
    public Map<String, Ambiguous> getItems() {
      return Map.of();
    }

    @ConfigFamily(value = "test.ambiguous", description = "Ambiguous")
    public void setItems(Map<String, Ambiguous> items) {}
  }

  /** See {@link AmbiguousConfig}. */
  public static final class Ambiguous {
    public int getSize() {
      return 0;
    }

    @Config(value = "size", description = "Size")
    public void setSize(int size) {}

    public int getPoolSize() {
      return 0;
    }

    @Config(value = "pool-size", description = "Pool size")
    public void setPoolSize(int poolSize) {}
  }
}
