package dev.pacer.http;

import static java.util.Objects.requireNonNull;

import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers a request with the {@link Endpoint} of its exact path, read-only: anything but GET and
 * HEAD is 405. Jetty calls it on a pool thread once the request's headers are in, so a client that
 * stalls halfway costs a connection, never a thread.
 */
final class EndpointHandler extends Handler.Abstract {
  private static final Logger log = LoggerFactory.getLogger(EndpointHandler.class);
  private static final String TEXT = "text/plain; charset=utf-8";

  private final Map<String, Endpoint> byPath;

  EndpointHandler(Iterable<Endpoint> endpoints) {
    Map<String, Endpoint> paths = new LinkedHashMap<>();
    endpoints.forEach(endpoint -> paths.put(endpoint.path(), requireNonNull(endpoint)));
    this.byPath = Map.copyOf(paths);
  }

  @Override
  public boolean handle(
      Request request, org.eclipse.jetty.server.Response response, Callback done) {
    Endpoint endpoint = byPath.get(request.getHttpURI().getDecodedPath());
    String method = request.getMethod();
    if (endpoint == null) {
      send(response, Response.text(404, TEXT, "Not found\n"), done);
    } else if (!method.equals("GET") && !method.equals("HEAD")) {
      response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
      send(response, Response.text(405, TEXT, "Read-only\n"), done);
    } else {
      send(response, answer(endpoint, request.getHttpURI().getQuery()), done);
    }
    return true;
  }

  private static Response answer(Endpoint endpoint, String rawQuery) {
    try {
      return endpoint.get(query(rawQuery));
    } catch (Exception e) {
      log.warn("{} failed: {}", endpoint.path(), e.toString());
      return Response.text(500, TEXT, "Internal error\n");
    }
  }

  /**
   * Jetty's own answers (a malformed request, headers too large) in the same plain form and with
   * the same headers as Pacer's.
   */
  boolean error(Request request, org.eclipse.jetty.server.Response response, Callback done) {
    int status = response.getStatus();
    String body = HttpStatus.hasNoBody(status) ? "" : HttpStatus.getMessage(status) + "\n";
    send(response, Response.text(status, TEXT, body), done);
    return true;
  }

  /** Jetty leaves out the body of a HEAD response and keeps its Content-Length. */
  private static void send(
      org.eclipse.jetty.server.Response response, Response answer, Callback done) {
    response.setStatus(answer.status());
    response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
    response.getHeaders().put("X-Content-Type-Options", "nosniff");
    response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
    // The dashboard loads nothing from elsewhere and runs no inline script.
    response
        .getHeaders()
        .put("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
    response.getHeaders().put(HttpHeader.CONTENT_LENGTH, answer.body().length);
    response.write(true, ByteBuffer.wrap(answer.body()), done);
  }

  static Map<String, String> query(String raw) {
    Map<String, String> parameters = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return parameters;
    }
    for (String pair : raw.split("&")) {
      int equals = pair.indexOf('=');
      String name = equals < 0 ? pair : pair.substring(0, equals);
      String value = equals < 0 ? "" : pair.substring(equals + 1);
      parameters.putIfAbsent(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
