package dev.pacer.systemd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.pacer.testing.ProcessNode;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingProxy;
import dev.pacer.testing.TestingServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node started the way conf/pacer.service starts it, with systemd's environment and a stand-in
 * for systemd-notify that records what it is told: READY once up, watchdog pings only while
 * healthy, STOPPING on the way out. (The sandbox has no systemd; the unit itself is not run.)
 */
class SystemdWatchdogIT {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @TempDir Path directory;

  @Test
  void pingsTheWatchdogOnlyWhileHealthy() throws Exception {
    Path notifications = directory.resolve("notifications");
    Path notify = directory.resolve("systemd-notify");
    Files.writeString(notify, "#!/bin/sh\necho \"$*\" >> \"" + notifications + "\"\n");
    Files.setPosixFilePermissions(notify, PosixFilePermissions.fromString("rwxr-xr-x"));
    TestingServer server = TestingServer.get();
    try (TestingProxy proxy = new TestingProxy(server.host(), server.port())) {
      Map<String, String> environment =
          Map.of(
              "PACER_DB_URL",
              "jdbc:mysql://127.0.0.1:" + proxy.port() + "/" + db.name(),
              "PACER_DB_USER",
              db.user(),
              "PACER_DB_PASSWORD",
              db.password(),
              "PACER_DB_CONNECT_TIMEOUT",
              "1s",
              "PACER_DB_POOL_SIZE",
              "10",
              "PACER_CLUSTER_CHECKIN_INTERVAL",
              "1s",
              "PACER_SYSTEMD_NOTIFY_COMMAND",
              notify.toString(),
              "NOTIFY_SOCKET",
              "/run/systemd/notify",
              "WATCHDOG_USEC",
              "1000000");
      try (ProcessNode node = ProcessNode.start("watched", environment)) {
        node.awaitHealthy(Duration.ofSeconds(90));
        await().atMost(Duration.ofSeconds(10)).until(() -> pings(notifications) >= 3);
        assertThat(lines(notifications).get(0)).isEqualTo("READY=1 STATUS=Scheduling");

        proxy.cut();
        await().atMost(Duration.ofSeconds(20)).until(() -> node.health() != 200);
        await()
            .atMost(Duration.ofSeconds(10))
            .until(() -> node.output().contains("withholding the systemd watchdog ping"));
        assertThat(node.output()).contains("Unhealthy (database: unreachable (");
        long withheld = pings(notifications);
        await()
            .during(Duration.ofSeconds(3))
            .atMost(Duration.ofSeconds(5))
            .until(() -> pings(notifications) == withheld);

        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).until(() -> pings(notifications) > withheld + 1);

        node.terminate(Duration.ofSeconds(20));
        assertThat(lines(notifications)).last().isEqualTo("STOPPING=1");
      }
    }
  }

  private static long pings(Path notifications) throws Exception {
    return lines(notifications).stream().filter(line -> line.equals("WATCHDOG=1")).count();
  }

  private static List<String> lines(Path notifications) throws Exception {
    return Files.exists(notifications) ? Files.readAllLines(notifications) : List.of();
  }
}
