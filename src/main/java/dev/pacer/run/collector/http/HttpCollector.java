package dev.pacer.run.collector.http;

import dev.pacer.run.collector.AsyncCollector;
import dev.pacer.run.collector.CollectException;
import dev.pacer.run.collector.CollectRequest;
import dev.pacer.run.collector.CollectorOptions;
import dev.pacer.run.collector.Steps;
import dev.pacer.run.collector.net.Connector;
import dev.pacer.run.collector.net.DaemonThreads;
import dev.pacer.run.collector.net.HostLookup;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * GETs or HEADs an http or https URL. The value is the latency in milliseconds (request sent to
 * body read), or a number taken from the body by JSON pointer or regex; a status other than 2xx (or
 * {@code expect_status}) is a failure. A request in flight holds no thread: one client, its
 * selector thread and a few threads of its own serve thousands at once.
 */
@Singleton
public final class HttpCollector implements AsyncCollector, AutoCloseable {
  /** Enough for any status document; a larger body is not a number to take. */
  static final int MAX_BODY = 1 << 20;

  /**
   * The client's own threads: they never wait for the network (its selector thread does), they hand
   * on what it read, do the TLS handshakes' sums and take the value from the body.
   */
  private static final int CLIENT_THREADS = 4;

  private final ThreadPoolExecutor clientThreads;
  private final HttpClient client;
  private final HostLookup lookup = new HostLookup("pacer-http-lookup-", 16);
  private final Connector probes = new Connector("pacer-http-probe-");

  @Inject
  public HttpCollector() {
    // Bounded: the JDK's default is a cached pool, which grows a thread for each of a burst of
    // responses arriving together.
    clientThreads =
        new ThreadPoolExecutor(
            CLIENT_THREADS,
            CLIENT_THREADS,
            30,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            DaemonThreads.named("pacer-http-"));
    clientThreads.allowCoreThreadTimeOut(true);
    // HTTP/1.1: no h2c upgrade dance with plain-http servers that mishandle it.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NORMAL)
            .executor(clientThreads)
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

  /**
   * Looks the host up (so the client, which looks it up again, finds it in the JVM's cache and
   * never blocks its own threads), sends the request and takes the value, holding no thread while
   * it waits; cancelling the result aborts the exchange and closes its connection.
   */
  @Override
  public CompletableFuture<Double> collectAsync(CollectRequest request) {
    HttpCheck check;
    try {
      CollectorOptions.requireValid(this, request);
      check = HttpCheck.of(request.target(), request.options());
    } catch (CollectException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest http =
        HttpRequest.newBuilder(check.uri())
            .method(check.method(), HttpRequest.BodyPublishers.noBody())
            .timeout(request.timeout())
            .header("User-Agent", "pacer")
            .build();
    long deadline = System.nanoTime() + request.timeout().toNanos();
    Steps<Double> steps = new Steps<>();
    AtomicReference<InetAddress> address = new AtomicReference<>();
    steps
        .next(() -> lookup.resolve(check.uri().getHost()))
        .thenCompose(
            found -> {
              address.set(found);
              return exchange(check, http, deadline, steps);
            })
        .whenComplete(
            (value, error) -> {
              if (error == null) {
                steps.result().complete(value);
                return;
              }
              HttpFailures.describe(
                      error,
                      check.uri(),
                      request.timeout(),
                      wait ->
                          steps.next(() -> probes.connect(endpoint(address.get(), check), wait)))
                  .thenAccept(steps.result()::completeExceptionally);
            });
    return steps.result();
  }

  private CompletableFuture<Double> exchange(
      HttpCheck check, HttpRequest http, long deadline, Steps<Double> steps) {
    long start = System.nanoTime();
    if (!check.readsBody()) {
      return steps
          .next(() -> client.sendAsync(http, HttpResponse.BodyHandlers.discarding()))
          .thenCompose(
              response ->
                  value(
                      () -> {
                        double millis = (System.nanoTime() - start) / 1e6;
                        check.requireStatus(response.statusCode());
                        return millis;
                      }));
    }
    // A body the status makes useless is not read at all.
    HttpResponse.BodyHandler<byte[]> body =
        info -> new CappedBody(check.expects(info.statusCode()) ? MAX_BODY : 0);
    return steps
        .next(() -> client.sendAsync(http, body))
        .thenCompose(
            response ->
                value(
                    () -> {
                      check.requireStatus(response.statusCode());
                      byte[] bytes = response.body();
                      if (bytes.length > MAX_BODY) {
                        throw new CollectException(
                            "the body is larger than " + MAX_BODY + " bytes");
                      }
                      return check.extract(new String(bytes, charset(response)), deadline);
                    }));
  }

  private static InetSocketAddress endpoint(InetAddress address, HttpCheck check) {
    return new InetSocketAddress(address, HttpFailures.port(check.uri()));
  }

  private static CompletableFuture<Double> value(Callable<Double> compute) {
    try {
      return CompletableFuture.completedFuture(compute.call());
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
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

  @Override
  public void close() {
    clientThreads.shutdownNow();
    probes.close();
    lookup.close();
  }
}
