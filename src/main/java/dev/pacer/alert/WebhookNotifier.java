package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.overview.Json;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * POSTs each alert as a JSON object to {@code alert.webhook-url}. Its {@code text} field is what
 * Slack- and Mattermost-style incoming webhooks display; the other fields are for programs.
 */
@Singleton
final class WebhookNotifier implements Notifier {
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final AlertConfig config;
  private final ObjectMapper json = Json.mapper();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

  @Inject
  WebhookNotifier(AlertConfig config) {
    this.config = requireNonNull(config);
  }

  @Override
  public boolean enabled() {
    return config.webhookEnabled();
  }

  @Override
  public void send(Alert alert) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(config.getWebhookUrl()))
            .timeout(TIMEOUT)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body(alert))))
            .build();
    HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
    if (response.statusCode() / 100 != 2) {
      // The URL may hold a token: name the status, never the URL.
      throw new IOException("the webhook answered HTTP " + response.statusCode());
    }
  }

  static Map<String, Object> body(Alert alert) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("text", "[pacer] " + alert.headline());
    body.put("status", alert.status().label());
    body.put("kind", alert.kind().label());
    body.put("subject", alert.subject());
    body.put("summary", alert.summary());
    body.put("node", alert.node());
    body.put("at", alert.at());
    return body;
  }
}
