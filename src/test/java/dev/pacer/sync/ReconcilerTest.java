package dev.pacer.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.pacer.history.HistoryRow;
import dev.pacer.settings.ItemSettings;
import dev.pacer.settings.MisfirePolicy;
import dev.pacer.sync.ItemJobs.Plan;
import dev.pacer.sync.ItemJobs.Scheduled;
import dev.pacer.sync.Reconciliation.Removed;
import dev.pacer.sync.SyncService.SyncReport;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The sync's comparison of rows with what is scheduled, at fixed instants, without a database. */
class ReconcilerTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration SPREAD = Duration.ofMinutes(1);

  private final Reconciler reconciler = new Reconciler(SPREAD, MisfirePolicy.RUN_ONCE);
  private final Mirror mirror = new Mirror();
  private final Map<String, ItemSettings> settings = new HashMap<>();

  @Test
  void addsARowNotScheduledYetAtItsLastRunPlusItsInterval() {
    Reconciliation found = compareAll(row("cpu", NOW.minusSeconds(20), 60));

    assertThat(found.added())
        .containsExactly(
            new Plan("cpu", key("cpu"), 60, MisfirePolicy.RUN_ONCE, false, NOW.plusSeconds(40)));
    assertThat(found.report()).isEqualTo(new SyncReport(true, 1, 1, 0, 0, 0));
  }

  @Test
  void addsAnOverdueRowSoonSpreadByItsName() {
    Reconciliation found =
        compareAll(row("a", NOW.minusSeconds(3600), 600), row("b", NOW.minusSeconds(3600), 600));

    assertThat(found.added())
        .extracting(Plan::firstFire)
        .allSatisfy(first -> assertThat(first).isBetween(NOW, NOW.plus(SPREAD)))
        .doesNotHaveDuplicates();
  }

  @Test
  void reschedulesAChangedIntervalKeepingThePhaseOfTheLastRun() {
    apply(compareAll(row("disk", NOW.minusSeconds(100), 600)));

    Reconciliation found = compareAll(row("disk", NOW.minusSeconds(100), 300));

    assertThat(found.added()).isEmpty();
    assertThat(found.rescheduled())
        .singleElement()
        .satisfies(
            plan -> {
              assertThat(plan.intervalSeconds()).isEqualTo(300);
              assertThat(plan.firstFire()).isEqualTo(NOW.plusSeconds(200));
            });
    assertThat(found.report()).isEqualTo(new SyncReport(true, 1, 0, 1, 0, 0));
  }

  @Test
  void reschedulesWhenTheItemsMisfirePolicyChanges() {
    apply(compareAll(row("web", NOW, 600)));
    settings.put("web", settings("web", MisfirePolicy.SKIP, false));

    Reconciliation found = compareAll(row("web", NOW, 600));

    assertThat(found.rescheduled())
        .extracting(Plan::misfirePolicy)
        .containsExactly(MisfirePolicy.SKIP);
  }

  @Test
  void usesTheConfiguredMisfirePolicyUnlessTheItemNamesItsOwn() {
    Reconciler catchUp = new Reconciler(SPREAD, MisfirePolicy.CATCH_UP);
    settings.put("own", settings("own", MisfirePolicy.SKIP, false));

    Reconciliation found =
        catchUp.reconcile(
            List.of(row("plain", NOW, 60), row("own", NOW, 60)), null, mirror, this::settings, NOW);

    assertThat(found.added())
        .extracting(Plan::misfirePolicy)
        .containsExactly(MisfirePolicy.CATCH_UP, MisfirePolicy.SKIP);
  }

  @Test
  void aRowThatOnlyRanAgainChangesNothing() {
    apply(compareAll(row("a", NOW.minusSeconds(30), 60)));

    Reconciliation found = compareAll(row("a", NOW, 60));

    assertThat(found.changesNothing()).isTrue();
    assertThat(found.report()).isEqualTo(new SyncReport(true, 1, 0, 0, 0, 0));
  }

  @Test
  void pausesAndResumesWithoutRescheduling() {
    apply(compareAll(row("one", NOW, 600)));

    settings.put("one", settings("one", null, true));
    Reconciliation paused = compareAll(row("one", NOW, 600));
    apply(paused);
    settings.remove("one");
    Reconciliation resumed = compareAll(row("one", NOW, 600));

    assertThat(paused.rescheduled()).isEmpty();
    assertThat(paused.pausedOrResumed()).extracting(Plan::paused).containsExactly(true);
    assertThat(resumed.pausedOrResumed()).extracting(Plan::paused).containsExactly(false);
    assertThat(resumed.report()).isEqualTo(new SyncReport(true, 1, 0, 0, 0, 0));
  }

  @Test
  void addsANewPausedItemPaused() {
    settings.put("late", settings("late", null, true));

    Reconciliation found = compareAll(row("late", NOW, 600));

    assertThat(found.added()).extracting(Plan::paused).containsExactly(true);
    assertThat(found.pausedOrResumed()).isEmpty();
  }

  @Test
  void removesItemsWhoseRowsAreGone() {
    apply(compareAll(row("kept", NOW, 60), row("gone", NOW, 60)));

    Reconciliation found = compareAll(row("kept", NOW, 60));

    assertThat(found.removed()).containsExactly(new Removed(key("gone"), "gone"));
    assertThat(found.report()).isEqualTo(new SyncReport(true, 1, 0, 0, 1, 0));
  }

  @Test
  void anItemKnownOnlyFromTheScheduleIsRemovedUnderItsKey() {
    mirror.reset(Map.of(key("old"), new Scheduled(60_000, 0, false)));

    Reconciliation found = compareAll();

    assertThat(found.removed()).singleElement().extracting(Removed::name).isEqualTo(key("old"));
  }

  @Test
  void aPartialReadRemovesOnlyWithinItsScope() {
    apply(compareAll(row("a", NOW, 60), row("b", NOW, 60), row("c", NOW, 60)));

    Reconciliation found =
        reconciler.reconcile(
            List.of(row("c", NOW, 120)), Set.of(key("b"), key("c")), mirror, this::settings, NOW);

    assertThat(found.removed()).containsExactly(new Removed(key("b"), "b"));
    assertThat(found.rescheduled()).extracting(Plan::item).containsExactly("c");
    assertThat(found.everyRow()).isFalse();
  }

  @Test
  void aReadOfNothingChangesNothing() {
    apply(compareAll(row("a", NOW, 60)));

    Reconciliation found = reconciler.reconcile(List.of(), Set.of(), mirror, this::settings, NOW);

    assertThat(found.changesNothing()).isTrue();
    assertThat(found.report()).isEqualTo(SyncReport.QUIET);
  }

  @Test
  void invalidAndUnusableRowsAreNotScheduledAndTheirItemsRemoved() {
    apply(compareAll(row("good", NOW, 60), row("fixed", NOW, 60)));
    HistoryRow zero = row("good", NOW, 0);
    HistoryRow nameless = new HistoryRow(null, NOW, 60, -1, "an item needs a name");

    Reconciliation found = compareAll(zero, nameless, row("fixed", NOW, 60));

    assertThat(found.unusable()).containsExactly(zero, nameless);
    assertThat(found.added()).isEmpty();
    assertThat(found.removed()).containsExactly(new Removed(key("good"), "good"));
    assertThat(found.report()).isEqualTo(new SyncReport(true, 3, 0, 0, 1, 2));
  }

  @Test
  void aRowFixedIsAddedAgain() {
    apply(compareAll(row("zero", NOW, 0)));

    Reconciliation found = compareAll(row("zero", NOW, 5));

    assertThat(found.added()).extracting(Plan::item).containsExactly("zero");
    assertThat(found.unusable()).isEmpty();
  }

  @Test
  void aLastRunFarInTheFutureIsScheduledAnIntervalLaterAndFlagged() {
    Instant ahead = NOW.plus(Duration.ofDays(2));

    Reconciliation found = compareAll(row("typo", ahead, 60), row("soon", NOW.plusSeconds(10), 60));

    assertThat(found.added())
        .extracting(Plan::firstFire)
        .containsExactly(ahead.plusSeconds(60), NOW.plusSeconds(70));
    assertThat(found.farAhead()).extracting(Plan::item).containsExactly("typo");
    assertThat(found.usable().get(key("typo")).lastExecution()).isEqualTo(ahead);
  }

  @Test
  void theMirrorKeepsTheBucketOfEachRowRead() {
    apply(compareAll(new HistoryRow("a", NOW, 60, 7), new HistoryRow("b", NOW, 60, 8)));
    apply(compareAll(new HistoryRow("a", NOW, 60, 9), new HistoryRow("b", NOW, 60, 8)));

    assertThat(mirror.keysIn(Set.of(7))).isEmpty();
    assertThat(mirror.keysIn(Set.of(8, 9))).containsExactlyInAnyOrder(key("a"), key("b"));
    assertThat(mirror.get(key("a")).item()).isEqualTo("a");
  }

  private Reconciliation compareAll(HistoryRow... rows) {
    return reconciler.reconcile(List.of(rows), null, mirror, this::settings, NOW);
  }

  /** What the sync's leader does once a reconciliation's changes are in the schedule. */
  private void apply(Reconciliation applied) {
    mirror.applied(applied);
  }

  private ItemSettings settings(String item) {
    return settings.getOrDefault(item, ItemSettings.defaults(item));
  }

  private static ItemSettings settings(String item, MisfirePolicy policy, boolean paused) {
    return new ItemSettings(item, null, null, Map.of(), null, null, null, policy, paused);
  }

  private static HistoryRow row(String item, Instant lastExecution, int intervalSeconds) {
    return new HistoryRow(item, lastExecution, intervalSeconds);
  }

  private static String key(String item) {
    return ItemKeys.jobName(item);
  }
}
