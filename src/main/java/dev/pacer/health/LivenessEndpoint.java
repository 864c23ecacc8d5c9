package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.List;

/** {@code GET /health/live}: 503 while a loop of the node is stuck (restart it). */
@Singleton
final class LivenessEndpoint extends ProbeEndpoint {
  private final Probes probes;

  @Inject
  LivenessEndpoint(Probes probes) {
    this.probes = requireNonNull(probes);
  }

  @Override
  public String path() {
    return "/health/live";
  }

  @Override
  List<String> problems() {
    return probes.stuck();
  }
}
