package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.mail.Authenticator;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.util.Properties;
import org.quartz.JobExecutionContext;
import org.quartz.JobExecutionException;
import org.quartz.jobs.ee.mail.SendMailJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.helpers.NOPLogger;

/**
 * Quartz's {@link SendMailJob}, with two changes. The SMTP credentials come from this node's
 * configuration when the job runs, so the password is never stored with the job in the database.
 * And each mail gets a session of its own: the original takes the JVM-wide default session, which
 * keeps the settings of the first mail ever sent.
 */
public final class MailJob extends SendMailJob {
  private static final Logger log = LoggerFactory.getLogger("pacer.alert");

  private final AlertConfig config;

  @Inject
  public MailJob(AlertConfig config) {
    this.config = requireNonNull(config);
  }

  @Override
  public void execute(JobExecutionContext context) {
    String to = context.getMergedJobDataMap().getString(PROP_RECIPIENT);
    try {
      super.execute(context);
      log.info("Alert mail sent to {}", to);
    } catch (JobExecutionException | RuntimeException e) {
      // Quartz reports a failed job below WARN; an operator must see that mail did not go out.
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      log.warn("Alert mail to {} failed: {}", to, cause.toString());
    }
  }

  /** Quiets the original's own line per mail: this job logs the outcome instead. */
  @Override
  protected Logger getLog() {
    return NOPLogger.NOP_LOGGER;
  }

  @Override
  protected Session getMailSession(MailInfo mailInfo) {
    Properties properties = new Properties();
    properties.put("mail.smtp.host", mailInfo.getSmtpHost());
    properties.putAll(mailInfo.getSmtpProperties());
    properties.put("mail.smtp.connectiontimeout", "10000");
    properties.put("mail.smtp.timeout", "10000");
    Authenticator authenticator = null;
    if (!config.getSmtpUser().isEmpty()) {
      properties.put("mail.smtp.auth", "true");
      PasswordAuthentication credentials =
          new PasswordAuthentication(config.getSmtpUser(), config.getSmtpPassword());
      authenticator =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return credentials;
            }
          };
    }
    return Session.getInstance(properties, authenticator);
  }
}
