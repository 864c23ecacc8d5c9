package dev.pacer.run;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import java.util.List;
import org.quartz.DisallowConcurrentExecution;
import org.quartz.Job;
import org.quartz.JobExecutionContext;

/**
 * The job of one item as Pacer before groups scheduled it: an older node's trigger, or one of its
 * retries, that fires before this node's sync replaced it with the item's group. It runs the item
 * like any other run, under its claim.
 */
@DisallowConcurrentExecution
public final class CollectJob implements Job {
  private final Runs runs;

  @Inject
  public CollectJob(Runs runs) {
    this.runs = requireNonNull(runs);
  }

  @Override
  public void execute(JobExecutionContext context) {
    runs.start(
        context.getJobDetail().getKey(),
        context.getScheduledFireTime().toInstant(),
        List.of(Attempt.of(context)));
  }
}
