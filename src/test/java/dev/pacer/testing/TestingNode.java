package dev.pacer.testing;

import com.google.inject.Guice;
import com.google.inject.Injector;
import com.google.inject.Module;
import com.google.inject.Stage;
import com.google.inject.multibindings.Multibinder;
import dev.pacer.config.Configuration;
import dev.pacer.node.Node;
import dev.pacer.node.PacerConfigs;
import dev.pacer.node.PacerModule;
import dev.pacer.run.collector.Collector;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A whole Pacer node inside the test JVM, wired exactly as in production. */
public final class TestingNode implements AutoCloseable {
  private final Injector injector;
  private final Node node;
  private final boolean demo;

  private TestingNode(Injector injector, boolean demo) {
    this.injector = injector;
    this.node = injector.getInstance(Node.class);
    this.demo = demo;
  }

  /**
   * Starts the node on another thread, for nodes that wait for their database; close() stops it.
   */
  public java.util.concurrent.CompletableFuture<Boolean> startInBackground() {
    return java.util.concurrent.CompletableFuture.supplyAsync(
        () -> {
          try {
            return node.start(demo);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }

  public static Builder on(TestingDatabase database) {
    return new Builder(database.nodeProperties());
  }

  public <T> T get(Class<T> type) {
    return injector.getInstance(type);
  }

  public int httpPort() {
    return node.httpPort();
  }

  public java.net.InetSocketAddress httpAddress() {
    return get(dev.pacer.http.WebServer.class).address();
  }

  /** GET a path of this node's HTTP server. */
  public HttpResponse<String> http(String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort() + path)).build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Override
  public void close() {
    node.stop();
  }

  /** Configures a node; {@link #start()} starts it. */
  public static final class Builder {
    private final Map<String, String> properties = new HashMap<>();
    private final List<Collector> collectors = new ArrayList<>();
    private boolean demo;

    private Builder(Map<String, String> database) {
      properties.putAll(database);
      properties.put("http.port", "0");
      properties.put("sync.interval", "200ms");
      properties.put("cluster.checkin-interval", "1s");
      properties.put("collector.default", "noop");
      properties.put("shutdown.grace", "5s");
    }

    public Builder set(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder collector(Collector collector) {
      collectors.add(collector);
      properties.put("collector.default", collector.name());
      return this;
    }

    public Builder demo() {
      this.demo = true;
      return this;
    }

    public Configuration configuration() {
      return PacerConfigs.loader().load(properties, Map.of());
    }

    public TestingNode build() {
      Module extraCollectors =
          binder -> {
            Multibinder<Collector> set = Multibinder.newSetBinder(binder, Collector.class);
            collectors.forEach(c -> set.addBinding().toInstance(c));
          };
      return new TestingNode(
          Guice.createInjector(Stage.PRODUCTION, new PacerModule(configuration()), extraCollectors),
          demo);
    }

    public TestingNode start() throws Exception {
      TestingNode node = build();
      try {
        if (!node.node.start(node.demo)) {
          throw new IllegalStateException("node did not start");
        }
      } catch (Exception | Error e) {
        node.close();
        throw e;
      }
      return node;
    }
  }
}
