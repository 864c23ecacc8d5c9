package dev.pacer.http;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.overview.Json;
import java.nio.charset.StandardCharsets;

/** What an {@link Endpoint} answers. */
public record Response(int status, String contentType, byte[] body) {
  private static final ObjectMapper JSON = Json.mapper();

  public Response {
    requireNonNull(contentType);
    requireNonNull(body);
  }

  public static Response json(int status, Object value) {
    try {
      return new Response(status, "application/json", JSON.writeValueAsBytes(value));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON", e);
    }
  }

  public static Response text(int status, String contentType, String body) {
    return new Response(status, contentType, body.getBytes(StandardCharsets.UTF_8));
  }
}
