package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/** A file of the dashboard, served from the classpath as it ships: no user data in it. */
final class Asset implements Endpoint {
  private final String path;
  private final String resource;
  private final String contentType;

  Asset(String path, String resource, String contentType) {
    this.path = requireNonNull(path);
    this.resource = requireNonNull(resource);
    this.contentType = requireNonNull(contentType);
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public Response get(Map<String, String> query) {
    return new Response(200, contentType, read());
  }

  private byte[] read() {
    try (InputStream in = Asset.class.getResourceAsStream("/dashboard/" + resource)) {
      if (in == null) {
        throw new IllegalStateException("dashboard/" + resource + " is missing from the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
