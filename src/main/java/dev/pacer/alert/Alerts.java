package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.alert.Alert.Kind;
import dev.pacer.alert.Alert.Status;
import dev.pacer.cluster.ClusterConfig;
import dev.pacer.db.Database;
import dev.pacer.history.ItemNames;
import dev.pacer.node.NodeService;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raises and resolves alerts: the ledger decides which node tells (once per episode), the log gets
 * a WARN (an INFO when resolved), and the configured notifiers get the alert. All of it happens on
 * one thread of its own, so a slow mail server or webhook never holds up a run or the sync.
 */
@Singleton
public final class Alerts implements NodeService {
  private static final Logger log = LoggerFactory.getLogger("pacer.alert");

  private final AlertLedger ledger;
  private final List<Notifier> notifiers;
  private final MeterRegistry registry;
  private final Clock clock;
  private final String node;
  private final Set<String> failing = new HashSet<>(); // used on the alert thread only
  private final ExecutorService thread =
      Executors.newSingleThreadExecutor(
          task -> {
            Thread t = new Thread(task, "pacer-alert");
            t.setDaemon(true);
            return t;
          });

  @Inject
  Alerts(
      AlertLedger ledger,
      Set<Notifier> notifiers,
      MeterRegistry registry,
      ClusterConfig cluster,
      Clock clock) {
    this.ledger = requireNonNull(ledger);
    this.notifiers = List.copyOf(notifiers);
    this.registry = requireNonNull(registry);
    this.clock = requireNonNull(clock);
    this.node = cluster.resolvedNodeId();
  }

  /**
   * Runs a check on the alert thread; a check that fails is dropped, and logged once until it works
   * again (while the database is gone, every check fails).
   */
  void submit(String what, Check check) {
    try {
      thread.execute(
          () -> {
            try {
              check.run();
              failing.remove(what);
            } catch (Exception e) {
              // A lost database is reported once, by the database watch.
              if (failing.add(what) && !Database.lostConnection(e)) {
                log.warn("Alert check failed ({}): {}", what, Database.reason(e));
              }
            }
          });
    } catch (RejectedExecutionException e) {
      // The node is stopping.
    }
  }

  /** Opens the alert unless it is open; the node that opens it tells. Call on the alert thread. */
  void raise(Kind kind, String subject, String text) throws Exception {
    // Errors and item names may hold line breaks, which have no place in a log line or a subject.
    String summary = ItemNames.printable(text);
    if (ledger.open(kind, subject, summary, clock.instant())) {
      tell(new Alert(kind, Status.FIRING, subject, summary, node, clock.instant()));
    }
  }

  /** Closes the alert if it is open; the node that closes it tells. Call on the alert thread. */
  void resolve(Kind kind, String subject, String text) throws Exception {
    String summary = ItemNames.printable(text);
    if (ledger.close(kind, subject)) {
      tell(new Alert(kind, Status.RESOLVED, subject, summary, node, clock.instant()));
    }
  }

  private void tell(Alert alert) {
    if (alert.status() == Status.FIRING) {
      log.warn(alert.headline());
    } else {
      log.info(alert.headline());
    }
    Counter.builder("pacer.alerts")
        .description("Alerts this node raised or resolved")
        .tag("kind", alert.kind().label())
        .tag("status", alert.status().label())
        .register(registry)
        .increment();
    for (Notifier notifier : notifiers) {
      if (!notifier.enabled()) {
        continue;
      }
      try {
        notifier.send(alert);
      } catch (Exception e) {
        log.warn(
            "Could not send alert through {}: {}",
            notifier.getClass().getSimpleName(),
            Database.reason(e));
      }
    }
  }

  @Override
  public void start() {}

  /** Lets queued alerts go out, for a few seconds at most. */
  @Override
  public void stop() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    thread.shutdownNow();
  }

  /** Work for the alert thread. */
  @FunctionalInterface
  interface Check {
    void run() throws Exception;
  }
}
