package dev.pacer.run.collector;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.pacer.config.ConfigException;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingHttpServer;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingPlugin;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A collector in a jar on the class path joins the built-ins, as a jar in lib/ does. */
class CollectorPluginTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @TempDir Path directory;

  @Test
  void aNodeRunsTheCollectorOfAPluginJar() throws Exception {
    Path jar = TestingPlugin.jar(directory, constant("Constant", "constant"));

    try (TestingNode node = withClassPath(jar, () -> TestingNode.on(db).start())) {
      assertThat(node.get(Collectors.class).names()).contains("constant", "http", "noop");
      db.execute(
          "INSERT INTO pacer_item (item, collector, target) VALUES ('answer', 'constant', '42')");
      db.insertItems(1, "answer");

      await()
          .atMost(Duration.ofSeconds(15))
          .until(
              () -> db.column("SELECT result FROM history WHERE item = 'answer'").get(0) != null);
      assertThat(db.column("SELECT result FROM pacer_run WHERE item = 'answer'").get(0))
          .isEqualTo(42.0);
    }
  }

  @Test
  void aPluginTakingABuiltInsNameStopsTheNodeNamingBoth() throws Exception {
    Path jar = TestingPlugin.jar(directory, constant("FakeHttp", "http"));

    Throwable error = catchThrowable(() -> withClassPath(jar, () -> TestingNode.on(db).start()));

    assertThat(configProblem(error).problems())
        .singleElement(as(InstanceOfAssertFactories.STRING))
        .startsWith(
            "two collectors are named 'http': dev.pacer.run.collector.http.HttpCollector from ")
        .endsWith(
            " and com.example.FakeHttp from "
                + jar
                + "; remove one of them (plug-ins live in lib/)");
  }

  @Test
  void theGuidesAsyncCollectorRunsOnANodeAndACancelClosesItsConnection() throws Exception {
    Path jar =
        TestingPlugin.jar(
            directory,
            TestingPlugin.javaBlock(Path.of("docs/collector-plugin.md"), "HttpStatusCollector"));

    try (TestingHttpServer http = new TestingHttpServer().answer("/teapot", 418, "short");
        TestingNode node = withClassPath(jar, () -> TestingNode.on(db).start())) {
      db.execute(
          "INSERT INTO pacer_item (item, collector, target) VALUES ('tea', 'http-status', '"
              + http.url("/teapot")
              + "')");
      db.insertItems(1, "tea");

      await()
          .atMost(Duration.ofSeconds(15))
          .until(() -> db.column("SELECT result FROM history WHERE item = 'tea'").get(0) != null);
      assertThat(db.column("SELECT result FROM pacer_run WHERE item = 'tea'").get(0))
          .isEqualTo(418.0);

      AsyncCollector collector =
          (AsyncCollector) node.get(Collectors.class).named("http-status").orElseThrow();
      try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
        CompletableFuture<Double> run =
            collector.collectAsync(
                new CollectRequest(
                    "tea",
                    "http://127.0.0.1:" + silent.getLocalPort() + "/",
                    Map.of(),
                    Duration.ofSeconds(30)));
        try (Socket connection = silent.accept()) {
          connection.setSoTimeout(10_000);
          assertThat(connection.getInputStream().read()).isNotNegative(); // the request comes
          run.cancel(true);
          long start = System.nanoTime();
          connection.setSoTimeout(1_000);
          assertThatCode(() -> drain(connection)).doesNotThrowAnyException();
          assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        }
      }
    }
  }

  /** Reads until the client closes the connection. */
  private static void drain(Socket connection) throws IOException {
    try {
      while (connection.getInputStream().read() != -1) {
        // the rest of the request
      }
    } catch (SocketException e) {
      // reset: closed too
    }
  }

  /** The problem as the CLI finds it behind Guice's wrapping, to print it in one message. */
  private static ConfigException configProblem(Throwable error) {
    assertThat(error).isInstanceOf(CreationException.class);
    return ((CreationException) error)
        .getErrorMessages().stream()
            .map(Message::getCause)
            .filter(ConfigException.class::isInstance)
            .map(ConfigException.class::cast)
            .findFirst()
            .orElseThrow(() -> new AssertionError("no configuration problem in " + error));
  }

  private static String constant(String className, String name) {
    return """
        package com.example;

        import dev.pacer.run.collector.CollectRequest;
        import dev.pacer.run.collector.Collector;

        public final class %s implements Collector {
          @Override
          public String name() {
            return "%s";
          }

          @Override
          public double collect(CollectRequest request) {
            return Double.parseDouble(request.target());
          }
        }
        """
        .formatted(className, name);
  }

  /** Runs {@code action} with the jar on the context class path, where ServiceLoader looks. */
  private static <T> T withClassPath(Path jar, Callable<T> action) throws Exception {
    Thread thread = Thread.currentThread();
    ClassLoader previous = thread.getContextClassLoader();
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, previous)) {
      thread.setContextClassLoader(loader);
      return action.call();
    } finally {
      thread.setContextClassLoader(previous);
    }
  }
}
