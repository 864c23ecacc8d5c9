package dev.pacer.cli;

import dev.pacer.db.Database;
import dev.pacer.node.Node;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "node",
    mixinStandardHelpOptions = true,
    description = "Run a node in the foreground until SIGTERM or Ctrl-C.")
final class NodeCommand implements Callable<Integer> {
  private static final Logger log = LoggerFactory.getLogger(NodeCommand.class);

  @Mixin ConfigOptions config;

  @Option(
      names = "--demo",
      description =
          "Load the seed's 20 demo items (item0..item19, every 10 s) if the table is empty.")
  boolean demo;

  @Override
  public Integer call() throws Exception {
    Node node = config.injector().getInstance(Node.class);
    StopSignals.onStop(node::stop);
    Runtime.getRuntime().addShutdownHook(new Thread(node::stop, "pacer-shutdown"));
    try {
      if (!node.start(demo)) {
        return 0; // stopped while waiting for the database
      }
    } catch (Exception e) {
      log.error("Node failed to start: {}", Database.reason(e));
      node.stop();
      return 1;
    }
    node.awaitStop();
    return 0;
  }
}
