package dev.pacer.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.cluster.ClusterConfig;
import dev.pacer.db.DbConfig;
import dev.pacer.node.PacerConfigs;
import dev.pacer.sync.SyncConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
  private final ConfigLoader loader = PacerConfigs.loader();

  @Test
  void defaultsNeedNoFile() {
    Configuration config = loader.load(Map.of(), Map.of());

    assertThat(config.get(DbConfig.class).getUrl()).isEqualTo("jdbc:h2:file:./var/db/pacer");
    assertThat(config.get(SyncConfig.class).getInterval()).isEqualTo(Duration.ofMillis(500));
    assertThat(config.properties()).allMatch(p -> p.source().equals("default"));
  }

  @Test
  void environmentOverridesFile() {
    Configuration config =
        loader.load(
            Map.of("db.url", "jdbc:mysql://file-host/db", "sync.interval", "2s"),
            Map.of("PACER_DB_URL", "jdbc:mysql://env-host/db", "PATH", "/bin"));

    assertThat(config.get(DbConfig.class).getUrl()).isEqualTo("jdbc:mysql://env-host/db");
    assertThat(config.get(SyncConfig.class).getInterval()).isEqualTo(Duration.ofSeconds(2));
    assertThat(config.properties())
        .anySatisfy(
            p -> {
              assertThat(p.key()).isEqualTo("db.url");
              assertThat(p.source()).isEqualTo("environment PACER_DB_URL");
            });
  }

  @Test
  void dashesAndDotsBecomeUnderscoresInVariableNames() {
    Configuration config =
        loader.load(
            Map.of(),
            Map.of("PACER_CLUSTER_CHECKIN_INTERVAL", "500ms", "PACER_SCHEDULER_THREADS", "7"));

    assertThat(config.get(ClusterConfig.class).getCheckinInterval())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(config.get(ClusterConfig.class).getThreads()).isEqualTo(7);
  }

  @Test
  void reportsEveryProblemAtOnceWithSuggestions() {
    assertThatThrownBy(
            () ->
                loader.load(
                    Map.of(
                        "db.urll", "jdbc:mysql://x/y",
                        "sync.interval", "soon",
                        "scheduler.threads", "-3",
                        "db.pool-size", "many"),
                    Map.of("PACER_HTTP_PROT", "9000", "PACER_HOME", "/opt/pacer")))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactlyInAnyOrder(
                        "unknown key 'db.urll' (did you mean 'db.url'?)",
                        "unknown environment variable PACER_HTTP_PROT (did you mean"
                            + " 'PACER_HTTP_PORT'?)",
                        "sync.interval: 'soon' is not a duration (examples: 500ms, 10s, 5m, 1h,"
                            + " PT1.5S)",
                        "scheduler.threads: -3 is not between 1 and 1000",
                        "db.pool-size: 'many' is not a whole number"));
  }

  @Test
  void masksSecrets() {
    Configuration config = loader.load(Map.of("db.password", "hunter2"), Map.of());

    assertThat(config.properties())
        .filteredOn(p -> p.key().equals("db.password"))
        .singleElement()
        .satisfies(p -> assertThat(p.value()).isEqualTo("********"));
    assertThat(config.properties().toString()).doesNotContain("hunter2");
  }

  @Test
  void masksPasswordsInsideUrls() {
    Configuration config =
        loader.load(
            Map.of(
                "db.url", "jdbc:mysql://pacer:hunter2@db:3306/monitoring?password=hunter3&ssl=true",
                "collector.sql.source.shop.url", "jdbc:h2:mem:shop;USER=a;PASSWORD=hunter4"),
            Map.of());

    assertThat(config.properties())
        .filteredOn(p -> p.key().endsWith(".url"))
        .extracting(p -> p.value())
        .containsExactly(
            "jdbc:h2:mem:shop;USER=a;PASSWORD=********",
            "jdbc:mysql://pacer:********@db:3306/monitoring?password=********&ssl=true");
    assertThat(config.properties().toString()).doesNotContain("hunter");
  }

  @Test
  void rejectsAMysqlUrlThatNamesNoDatabaseWithoutItsPassword() {
    assertThatThrownBy(
            () -> loader.load(Map.of("db.url", "jdbc:mysql://pacer:hunter2@db:3306"), Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "db.url: 'jdbc:mysql://pacer:********@db:3306' is not"
                            + " jdbc:mysql://HOST[:PORT]/DATABASE[?OPTIONS]"));
    assertThat(loader.load(Map.of("db.url", "jdbc:mysql:///db?ssl=true"), Map.of())).isNotNull();
  }

  @Test
  void rejectsMariadbDriverUrlsAndUnknownSchemes() {
    assertThatThrownBy(() -> loader.load(Map.of("db.url", "jdbc:mariadb://h/db"), Map.of()))
        .hasMessageContaining("use jdbc:mysql://");
    assertThatThrownBy(() -> loader.load(Map.of("db.url", "postgres://h/db"), Map.of()))
        .hasMessageContaining("neither jdbc:mysql: nor jdbc:h2:");
  }

  @Test
  void parsesAndPrintsDurations() {
    assertThat(Durations.parse("1500ms")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Durations.parse("PT2M")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Durations.parse("0")).isEqualTo(Duration.ZERO);
    assertThatThrownBy(() -> Durations.parse("10")).hasMessageContaining("'10' is not a duration");
    assertThat(Durations.format(Duration.ofMillis(90_000))).isEqualTo("90s");
    assertThat(Durations.format(Duration.ofMinutes(2))).isEqualTo("2m");
  }
}
