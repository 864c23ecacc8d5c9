package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import dev.pacer.cluster.PacerScheduler;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.UUID;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.jobs.ee.mail.SendMailJob;

/**
 * Mails each alert to {@code alert.mail.to} through Quartz's {@link SendMailJob} (as {@link
 * MailJob}), scheduled to run at once in the cluster's job store: if this node dies before the mail
 * is out, another node sends it. Mail jobs live in their own group, which the sync leaves alone.
 */
@Singleton
final class MailNotifier implements Notifier {
  static final String GROUP = "pacer-alert";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

  private final AlertConfig config;
  private final PacerScheduler scheduler;

  @Inject
  MailNotifier(AlertConfig config, PacerScheduler scheduler) {
    this.config = requireNonNull(config);
    this.scheduler = requireNonNull(scheduler);
  }

  @Override
  public boolean enabled() {
    return config.mailEnabled();
  }

  @Override
  public void send(Alert alert) throws SchedulerException {
    String name = "mail-" + UUID.randomUUID();
    JobDetail job =
        JobBuilder.newJob(MailJob.class)
            .withIdentity(name, GROUP)
            .usingJobData(SendMailJob.PROP_SMTP_HOST, config.getSmtpHost())
            .usingJobData("mail.smtp.port", Integer.toString(config.getSmtpPort()))
            .usingJobData("mail.smtp.starttls.enable", Boolean.toString(config.isStarttls()))
            .usingJobData("mail.smtp.starttls.required", Boolean.toString(config.isStarttls()))
            .usingJobData(SendMailJob.PROP_RECIPIENT, config.getMailTo())
            .usingJobData(SendMailJob.PROP_SENDER, config.getMailFrom())
            .usingJobData(SendMailJob.PROP_SUBJECT, "[pacer] " + alert.headline())
            .usingJobData(SendMailJob.PROP_MESSAGE, message(alert))
            .requestRecovery(true)
            .build();
    Trigger now = TriggerBuilder.newTrigger().withIdentity(name, GROUP).startNow().build();
    scheduler.quartz().scheduleJob(job, now);
  }

  static String message(Alert alert) {
    return alert.summary()
        + "\n\n"
        + (alert.status() == Alert.Status.FIRING ? "Raised" : "Resolved")
        + " by node "
        + alert.node()
        + " at "
        + TIME.format(alert.at())
        + ".\nKind: "
        + alert.kind().label()
        + "\nSubject: "
        + alert.subject()
        + "\n";
  }
}
