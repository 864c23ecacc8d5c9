package dev.pacer.health;

import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Kubernetes-style probe: 200 with {@code {"status":"healthy","problems":[]}}, or 503 with {@code
 * "unhealthy"} and the problems.
 */
abstract class ProbeEndpoint implements Endpoint {
  abstract List<String> problems();

  @Override
  public Response get(Map<String, String> query) {
    List<String> problems = problems();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", problems.isEmpty() ? "healthy" : "unhealthy");
    body.put("problems", problems);
    return Response.json(problems.isEmpty() ? 200 : 503, body);
  }
}
