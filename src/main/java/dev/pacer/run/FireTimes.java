package dev.pacer.run;

import java.time.Clock;
import org.quartz.JobExecutionContext;

/** Jobs start their work on the trigger's time, though the job store fires them a bit early. */
public final class FireTimes {
  private FireTimes() {}

  /** Waits for the scheduled fire time (at most scheduler.fire-ahead). */
  public static void await(JobExecutionContext context, Clock clock) {
    long early = context.getScheduledFireTime().getTime() - clock.millis();
    if (early > 0) {
      try {
        Thread.sleep(early);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt(); // the run goes ahead and records the interruption
      }
    }
  }
}
