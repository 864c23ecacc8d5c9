package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.alert.Alert.Kind;
import dev.pacer.history.ItemNames;
import dev.pacer.overview.RunHistory;
import dev.pacer.run.RunListener;
import dev.pacer.run.RunRecord;
import dev.pacer.run.RunRecord.Outcome;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;

/**
 * Raises an alert when an item's latest {@code alert.failures} runs all failed. The streak is read
 * from {@code pacer_last_run}, so it counts runs on every node; runs of one item never overlap, so
 * the node that records the failure completing the streak sees it whole.
 */
@Singleton
final class FailureAlerts implements RunListener {
  private final AlertConfig config;
  private final RunHistory runs;
  private final Alerts alerts;

  @Inject
  FailureAlerts(AlertConfig config, RunHistory runs, Alerts alerts) {
    this.config = requireNonNull(config);
    this.runs = requireNonNull(runs);
    this.alerts = requireNonNull(alerts);
  }

  @Override
  public void onRun(RunRecord run) {
    int threshold = config.getFailures();
    if (threshold <= 0 || run.outcome() == Outcome.SUCCESS) {
      return;
    }
    alerts.submit(
        "failures of " + ItemNames.printable(run.item()),
        () -> {
          if (runs.consecutiveFailures(run.item()) >= threshold) {
            alerts.raise(
                Kind.ITEM_FAILING,
                run.item(),
                ItemNames.printable(run.item())
                    + " failed "
                    + threshold
                    + " times in a row; last error on "
                    + run.node()
                    + ": "
                    + run.error());
          }
        });
  }
}
