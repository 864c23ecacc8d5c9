package dev.pacer.overview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.db.SchemaMigrator;
import dev.pacer.testing.TestingDatabase;
import dev.pacer.testing.TestingNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The open alerts are counted and the ones opened last listed first, on both databases. */
class OpenAlertsTest {
  @RegisterExtension static final TestingDatabase mysql = TestingDatabase.mysql();
  @RegisterExtension static final TestingDatabase h2 = TestingDatabase.h2();

  @Test
  void countsAllAndListsTheNewestFirst() throws Exception {
    for (TestingDatabase db : new TestingDatabase[] {mysql, h2}) {
      try (TestingNode node = TestingNode.on(db).build()) {
        node.get(SchemaMigrator.class).apply();
        db.execute(
            "INSERT INTO pacer_alert (kind, subject, opened_at, summary) VALUES"
                + " ('item-failing', 'disk', '2031-02-03 04:05:06.789', 'disk failed 3 times'),"
                + " ('member-silent', 'node-b', '2031-02-03 04:06:00.000', 'node-b is silent'),"
                + " ('item-failing', 'web', '2031-02-03 04:05:30.000', 'web failed 3 times')");

        OpenAlerts.Page page = node.get(OpenAlerts.class).newest(2);
        assertThat(page.total()).as(db.url()).isEqualTo(3);
        assertThat(page.alerts())
            .as(db.url())
            .extracting(AlertView::subject)
            .containsExactly("node-b", "web");
        AlertView all = node.get(OpenAlerts.class).newest(10).alerts().get(2);
        assertThat(all.kind()).as(db.url()).isEqualTo("item-failing");
        assertThat(all.openedAt().toString()).as(db.url()).isEqualTo("2031-02-03T04:05:06.789Z");
        assertThat(all.summary()).as(db.url()).isEqualTo("disk failed 3 times");
      }
    }
  }
}
