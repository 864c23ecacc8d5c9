package dev.pacer.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingInstallation;
import dev.pacer.testing.TestingInstallation.Result;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** bin/start.sh --daemon, bin/status.sh and bin/stop.sh, as an operator runs them. */
class DaemonIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  private static Map<String, String> environment(int port) {
    Map<String, String> environment = new HashMap<>();
    environment.put("PACER_DB_URL", db.url());
    environment.put("PACER_DB_USER", db.user());
    environment.put("PACER_DB_PASSWORD", db.password());
    environment.put("PACER_DB_POOL_SIZE", "10");
    environment.put("PACER_NODE_ID", "daemon");
    environment.put("PACER_HTTP_PORT", Integer.toString(port));
    environment.put("PACER_COLLECTOR_DEFAULT", "noop");
    environment.put("PACER_SYNC_INTERVAL", "200ms");
    environment.put("PACER_CLUSTER_CHECKIN_INTERVAL", "1s");
    environment.put("PACER_SHUTDOWN_GRACE", "5s");
    return environment;
  }

  @Test
  void startsInTheBackgroundOnceReportsItsStatusAndStopsGracefully() throws Exception {
    int port = freePort();
    try (TestingInstallation pacer = new TestingInstallation(environment(port))) {
      Result before = pacer.run("status.sh");
      assertThat(before.exit()).isEqualTo(3);
      assertThat(before.out()).isEqualTo("pacer: not running\n");

      Result started = pacer.run("start.sh", "--daemon");
      assertThat(started.exit()).as(started.toString()).isZero();
      assertThat(started.out()).matches("pacer: started \\(pid \\d+\\); log: var/log/pacer.log\n");
      long pid = Long.parseLong(pacer.read("pacer.pid").trim());
      assertThat(ProcessHandle.of(pid)).get().matches(ProcessHandle::isAlive);
      assertThat(health(port)).isEqualTo(200);

      Result second = pacer.run("start.sh", "--daemon");
      assertThat(second.exit()).isEqualTo(1);
      assertThat(second.err()).contains("pacer: error: already running (pid " + pid + ")");
      assertThat(pacer.run("status.sh").out()).startsWith("pacer: running (pid " + pid + ")");

      // The command line prints only its answer on standard output: fit for scripts and jq.
      db.insertItems(60, "cpu", "disk");
      Result items = pacer.run("pacer", "items", "--json");
      assertThat(items.exit()).as(items.toString()).isZero();
      JsonNode json = new ObjectMapper().readTree(items.out());
      assertThat(json).hasSize(2);

      Result stopped = pacer.run("stop.sh");
      assertThat(stopped.exit()).as(stopped.toString()).isZero();
      assertThat(stopped.out()).isEqualTo("pacer: stopped (pid " + pid + ")\n");
      assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive))
          .isNotEqualTo(java.util.Optional.of(true));
      assertThat(Files.exists(pacer.var("pacer.pid"))).isFalse();
      String log = pacer.read("log/pacer.log");
      assertThat(log).contains("Node daemon is up").contains("Node daemon stopped");
      assertThat(pacer.read("log/pacer.out")).doesNotContain("INFO");
      assertThat(pacer.run("status.sh").exit()).isEqualTo(3);
    }
  }

  @Test
  void aStalePidFileDoesNotBlockAStartAndAHungNodeIsKilledAfterTheBound() throws Exception {
    int port = freePort();
    try (TestingInstallation pacer = new TestingInstallation(environment(port))) {
      // A pid file left by a crash, naming a live process that is not Pacer (this JVM).
      Files.createDirectories(pacer.var(""));
      Files.writeString(pacer.var("pacer.pid"), ProcessHandle.current().pid() + "\n");
      Result status = pacer.run("status.sh");
      assertThat(status.exit()).isEqualTo(1);
      assertThat(status.out()).startsWith("pacer: not running (it died");

      Files.writeString(pacer.var("pacer.pid"), ProcessHandle.current().pid() + "\n");
      Result started = pacer.run("start.sh", "--daemon");
      assertThat(started.exit()).as(started.toString()).isZero();
      long pid = Long.parseLong(pacer.read("pacer.pid").trim());
      assertThat(pid).isNotEqualTo(ProcessHandle.current().pid());

      // A node that does not react to SIGTERM: stop.sh kills it after its bound.
      new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
      Result stopped = pacer.run("stop.sh", "--timeout", "1");
      assertThat(stopped.exit()).as(stopped.toString()).isZero();
      assertThat(stopped.err()).contains("still running after 1 s; killing pid " + pid);
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true));
      assertThat(Files.exists(pacer.var("pacer.pid"))).isFalse();
    }
  }

  @Test
  void aNodeThatCannotStartIsReportedAtOnce() throws Exception {
    Map<String, String> environment = environment(freePort());
    environment.put("PACER_SYNC_INTERVAL", "fast");
    try (TestingInstallation pacer = new TestingInstallation(environment)) {
      Result started = pacer.run("start.sh", "--daemon");
      assertThat(started.exit()).isEqualTo(1);
      assertThat(started.err())
          .contains("pacer: error: the node exited at start")
          .contains("sync.interval: 'fast' is not a duration");
      assertThat(Files.exists(pacer.var("pacer.pid"))).isFalse();
    }
  }

  @Test
  void helpTellsEveryWayToRunAndStopANode() throws Exception {
    try (TestingInstallation pacer = new TestingInstallation(environment(freePort()))) {
      Result help = pacer.run("start.sh", "--help");
      assertThat(help.exit()).as(help.toString()).isZero();
      assertThat(help.out())
          .startsWith("Usage: bin/start.sh [--daemon] [--demo] [-c FILE]\n")
          .contains("--daemon", "var/pacer.pid", "var/log/pacer.log", "bin/stop.sh")
          .contains("bin/status.sh", "--demo", "--config FILE", "PACER_DB_URL");
      assertThat(pacer.run("stop.sh", "--help").out()).contains("--timeout SECONDS");

      Result wrong = pacer.run("start.sh", "--deamon");
      assertThat(wrong.exit()).isEqualTo(2);
      assertThat(wrong.err())
          .isEqualTo(
              "pacer: error: unknown option '--deamon'\n"
                  + "(bin/start.sh --help describes the options)\n");
      Result badTimeout = pacer.run("stop.sh", "--timeout", "soon");
      assertThat(badTimeout.exit()).isEqualTo(2);
      assertThat(badTimeout.err())
          .startsWith("pacer: error: --timeout takes whole seconds, not 'soon'\n");
      assertThat(Files.exists(pacer.var("pacer.pid"))).isFalse();
    }
  }

  private static int health(int port) throws IOException, InterruptedException {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health")).build(),
            HttpResponse.BodyHandlers.discarding())
        .statusCode();
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
