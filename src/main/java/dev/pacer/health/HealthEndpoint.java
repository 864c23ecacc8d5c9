package dev.pacer.health;

import static java.util.Objects.requireNonNull;

import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.Map;

/** {@code GET /health}: 200 when healthy, 503 with "unhealthy" sections otherwise. */
@Singleton
public final class HealthEndpoint implements Endpoint {
  private final HealthCheck health;

  @Inject
  public HealthEndpoint(HealthCheck health) {
    this.health = requireNonNull(health);
  }

  @Override
  public String path() {
    return "/health";
  }

  @Override
  public Response get(Map<String, String> query) {
    HealthCheck.Health result = health.check();
    return Response.json(result.healthy() ? 200 : 503, result.body());
  }
}
