package dev.pacer.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import dev.pacer.testing.TestingServer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Nodes started together on an empty database create Pacer's tables once, without failing. */
class ConcurrentSchemaTest {
  private static final int NODES = 4;
  private static final int ROUNDS = 30;

  @RegisterExtension static final TestingDatabase db = TestingDatabase.mysql();

  @Test
  void nodesStartingTogetherOnAnEmptyDatabaseAllApplyTheSchema() throws Exception {
    ExecutorService threads = Executors.newFixedThreadPool(NODES);
    try {
      for (int round = 0; round < ROUNDS; round++) {
        String name = db.name() + "_" + round;
        db.execute("CREATE DATABASE " + name);
        try {
          CountDownLatch start = new CountDownLatch(1);
          List<Future<?>> nodes = new ArrayList<>();
          for (int i = 0; i < NODES; i++) {
            nodes.add(
                threads.submit(
                    () -> {
                      try (TestingNode node =
                          TestingNode.on(db).set("db.url", TestingServer.get().url(name)).build()) {
                        start.await();
                        node.get(SchemaMigrator.class).apply();
                      }
                      return null;
                    }));
          }
          start.countDown();
          for (Future<?> node : nodes) {
            node.get(); // throws what a node's migration threw
          }
          assertThat(
                  db.count(
                      "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = ?",
                      name))
              .isEqualTo(SchemaFiles.tablesCreatedBy("mysql") + 1); // + pacer_schema_history
        } finally {
          db.execute("DROP DATABASE " + name);
        }
      }
    } finally {
      threads.shutdownNow();
    }
  }
}
