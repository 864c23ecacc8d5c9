package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import dev.pacer.overview.AlertView;
import dev.pacer.overview.OpenAlerts;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/alerts}: how many alerts are open, and the {@value #SHOWN} opened last (when
 * every item fails, there is one an item).
 */
@Singleton
final class AlertsApi implements Endpoint {
  static final int SHOWN = 100;

  private final OpenAlerts alerts;
  private final Clock clock;

  @Inject
  AlertsApi(OpenAlerts alerts, Clock clock) {
    this.alerts = requireNonNull(alerts);
    this.clock = requireNonNull(clock);
  }

  @Override
  public String path() {
    return "/api/alerts";
  }

  @Override
  public Response get(Map<String, String> query) throws Exception {
    OpenAlerts.Page open = alerts.newest(SHOWN);
    return Response.json(200, new AlertsJson(clock.instant(), open.total(), open.alerts()));
  }

  record AlertsJson(Instant at, int total, List<AlertView> alerts) {}
}
