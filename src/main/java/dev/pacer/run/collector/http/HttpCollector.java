package dev.pacer.run.collector.http;

import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.Collector;
import dev.pacer.run.collector.CollectorOptions;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * GETs or HEADs an http or https URL. The value is the latency in milliseconds (request sent to
 * body read), or a number taken from the body by JSON pointer or regex; a status other than 2xx (or
 * {@code expect_status}) is a failure.
 */
@Singleton
public final class HttpCollector implements Collector {
  /** Enough for any status document; a larger body is not a number to take. */
  static final int MAX_BODY = 1 << 20;

  private final HttpClient client;

  @Inject
  public HttpCollector() {
    // HTTP/1.1: no h2c upgrade dance with plain-http servers that mishandle it.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .build();
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public void check(String target, Map<String, String> options) {
    HttpCheck.of(target, options);
  }

  @Override
  public double collect(CollectRequest request) throws Exception {
    CollectorOptions.requireValid(this, request);
    HttpCheck check = HttpCheck.of(request.target(), request.options());
    HttpRequest http =
        HttpRequest.newBuilder(check.uri())
            .method(check.method(), HttpRequest.BodyPublishers.noBody())
            .timeout(request.timeout())
            .header("User-Agent", "pacer")
            .build();
    try {
      if (!check.readsBody()) {
        long start = System.nanoTime();
        HttpResponse<Void> response = client.send(http, HttpResponse.BodyHandlers.discarding());
        double millis = (System.nanoTime() - start) / 1e6;
        check.requireStatus(response.statusCode());
        return millis;
      }
      HttpResponse<InputStream> response =
          client.send(http, HttpResponse.BodyHandlers.ofInputStream());
      try (InputStream body = response.body()) {
        check.requireStatus(response.statusCode());
        byte[] bytes = body.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          throw new CollectException("the body is larger than " + MAX_BODY + " bytes");
        }
        return check.extract(new String(bytes, charset(response)));
      }
    } catch (IOException e) {
      throw HttpFailures.describe(e, check.uri(), request.timeout());
    }
  }

  private static Charset charset(HttpResponse<?> response) {
    String type = response.headers().firstValue("Content-Type").orElse("");
    for (String parameter : type.split(";")) {
      String[] pair = parameter.trim().split("=", 2);
      if (pair.length == 2 && pair[0].equalsIgnoreCase("charset")) {
        try {
          return Charset.forName(pair[1].replace("\"", "").trim());
        } catch (IllegalArgumentException e) {
          return StandardCharsets.UTF_8;
        }
      }
    }
    return StandardCharsets.UTF_8;
  }
}
