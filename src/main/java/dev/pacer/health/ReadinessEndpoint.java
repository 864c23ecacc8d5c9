package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code GET /health/ready}: 200 only while the node can do its work. */
@Singleton
final class ReadinessEndpoint extends ProbeEndpoint {
  private final Probes probes;

  @Inject
  ReadinessEndpoint(Probes probes) {
    this.probes = requireNonNull(probes);
  }

  @Override
  public String path() {
    return "/health/ready";
  }

  @Override
  List<String> problems() {
    return probes.notReady();
  }
}
