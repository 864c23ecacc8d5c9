package dev.pacer.run.collector;

import static org.assertj.core.api.Assertions.as;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

import com.google.inject.CreationException;
import com.google.inject.spi.Message;
import dev.pacer.config.ConfigException;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingPlugin;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
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
