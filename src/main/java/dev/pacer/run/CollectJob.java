package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import dev.pacer.history.ItemNames;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.Date;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.InterruptableJob;
import org.quartz.JobExecutionContext;
import org.quartz.SchedulerException;
import org.quartz.SimpleScheduleBuilder;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Quartz job of one item. {@link DisallowConcurrentExecution} is what keeps an item to one run
 * at a time across the cluster: the JDBC store blocks the item's triggers while a run is in flight.
 * A failed attempt that may be retried gets a one-shot trigger of its own, so no worker waits
 * through a back-off, and the retry survives the node.
 */
@DisallowConcurrentExecution
public final class CollectJob implements InterruptableJob {
  public static final String ITEM = Attempt.ITEM;
  public static final String INTERVAL = Attempt.INTERVAL;
  public static final String RETRY_GROUP = "pacer-retry";
  private static final Logger log = LoggerFactory.getLogger(CollectJob.class);

  private final ItemRunner runner;
  private final Clock clock;
  private volatile Thread worker;

  @Inject
  public CollectJob(ItemRunner runner, Clock clock) {
    this.runner = requireNonNull(runner);
    this.clock = requireNonNull(clock);
  }

  @Override
  public void execute(JobExecutionContext context) {
    worker = Thread.currentThread();
    try {
      FireTimes.await(context, clock);
      Attempt attempt = Attempt.of(context);
      runner.run(attempt).ifPresent(retry -> scheduleRetry(context, retry));
    } finally {
      worker = null;
    }
  }

  private static void scheduleRetry(JobExecutionContext context, ItemRunner.Retry retry) {
    Attempt next = retry.attempt();
    Trigger trigger =
        TriggerBuilder.newTrigger()
            .withIdentity(
                context.getJobDetail().getKey().getName()
                    + "-"
                    + next.slot().toEpochMilli()
                    + "-"
                    + next.number(),
                RETRY_GROUP)
            .forJob(context.getJobDetail())
            .usingJobData(next.retryData())
            .startAt(Date.from(retry.at()))
            .withSchedule(
                SimpleScheduleBuilder.simpleSchedule().withMisfireHandlingInstructionFireNow())
            .build();
    try {
      context.getScheduler().scheduleJob(trigger);
    } catch (SchedulerException e) {
      log.warn(
          "Could not schedule attempt {} of {}: {}",
          next.number(),
          ItemNames.printable(next.item()),
          e.getMessage());
    }
  }

  @Override
  public void interrupt() {
    Thread running = worker;
    if (running != null) {
      running.interrupt();
    }
  }
}
