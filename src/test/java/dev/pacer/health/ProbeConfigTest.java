package dev.pacer.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.pacer.config.ConfigException;
import dev.pacer.config.Configuration;
import dev.pacer.http.HttpConfig;
import dev.pacer.node.PacerConfigs;
import dev.pacer.sync.SyncConfig;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bounds of the probes and of the HTTP server: their defaults, and values they cannot keep. */
class ProbeConfigTest {
  @Test
  void defaults() {
    Configuration configuration = PacerConfigs.loader().load(Map.of(), Map.of());

    assertThat(bean(configuration, HealthConfig.class).getStuckAfter())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(bean(configuration, SyncConfig.class).getMaxLag()).isEqualTo(Duration.ofSeconds(30));
    assertThat(bean(configuration, HttpConfig.class).getIdleTimeout())
        .isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void rejectsBoundsTheProbesCannotKeep() {
    Map<String, String> properties =
        Map.of(
            "health.stuck-after", "500ms",
            "sync.interval", "1s",
            "sync.max-lag", "1s",
            "http.idle-timeout", "50ms");

    assertThatThrownBy(() -> PacerConfigs.loader().load(properties, Map.of()))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .contains(
                        "health.stuck-after: must be at least 1s",
                        "sync.max-lag: must be longer than sync.interval (1000ms)",
                        "http.idle-timeout: must be at least 100ms"));
  }

  private static <T> T bean(Configuration configuration, Class<T> type) {
    return type.cast(configuration.beans().get(type));
  }
}
