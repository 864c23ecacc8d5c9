package dev.pacer.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The embedded H2 default gets the same tables from its own files in sql/h2/. */
class EmbeddedSchemaTest {
  @RegisterExtension static final TestingDatabase db = TestingDatabase.h2();

  @Test
  void createsEveryTableAndCanApplyAgain() throws Exception {
    for (int round = 0; round < 2; round++) {
      try (TestingNode node = TestingNode.on(db).build()) {
        node.get(SchemaMigrator.class).apply();
      }
    }

    assertThat(
            db.count(
                "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'PUBLIC'"
                    + " AND table_name <> 'pacer_schema_history'"))
        .isEqualTo(SchemaFiles.tablesCreatedBy("h2"));
  }
}
