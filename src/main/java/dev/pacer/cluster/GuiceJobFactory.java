package dev.pacer.cluster;

import static java.util.Objects.requireNonNull;

import com.google.inject.Injector;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.quartz.Job;
import org.quartz.Scheduler;
import org.quartz.spi.JobFactory;
import org.quartz.spi.TriggerFiredBundle;

/**
 * Lets Quartz create jobs through Guice, so jobs use constructor injection like everything else.
 */
@Singleton
public final class GuiceJobFactory implements JobFactory {
  private final Injector injector;

  @Inject
  public GuiceJobFactory(Injector injector) {
    this.injector = requireNonNull(injector);
  }

  @Override
  public Job newJob(TriggerFiredBundle bundle, Scheduler scheduler) {
    return injector.getInstance(bundle.getJobDetail().getJobClass());
  }
}
