package dev.pacer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.LogCapture;
import dev.pacer.testing.TestingDatabase;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A node whose HTTP port is taken says which port, on which address, and exits with 1. */
class PortInUseTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();
  @RegisterExtension final LogCapture log = LogCapture.of("ROOT");

  @TempDir Path directory;

  @Test
  void namesThePortAndTheAddressAndExitsWithOne() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getByName("127.0.0.1"))) {
      Map<String, String> properties = new HashMap<>(db.nodeProperties());
      properties.put("http.host", "127.0.0.1");
      properties.put("http.port", Integer.toString(taken.getLocalPort()));

      CommandLineRunner.Result node = new CommandLineRunner(directory, properties).run("node");

      assertThat(node.exit()).as(node.toString()).isEqualTo(1);
      assertThat(log.messages())
          .contains(
              "Node failed to start: port "
                  + taken.getLocalPort()
                  + " on 127.0.0.1 is in use: set http.port");
    }
  }
}
