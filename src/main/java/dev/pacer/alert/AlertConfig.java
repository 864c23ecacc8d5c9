package dev.pacer.alert;

import dev.pacer.config.Config;
import dev.pacer.config.Validated;
import java.net.URI;
import java.util.List;

/** When Pacer raises alerts and where it sends them besides its log. */
public final class AlertConfig implements Validated {
  private int failures = 3;
  private String webhookUrl = "";
  private String mailTo = "";
  private String mailFrom = "pacer@localhost";
  private String smtpHost = "localhost";
  private int smtpPort = 25;
  private String smtpUser = "";
  private String smtpPassword = "";
  private boolean starttls;

  public int getFailures() {
    return failures;
  }

  @Config(
      value = "alert.failures",
      description = "Alert when this many runs of an item fail in a row; 0 turns it off")
  public void setFailures(int failures) {
    this.failures = failures;
  }

  public String getWebhookUrl() {
    return webhookUrl;
  }

  @Config(
      value = "alert.webhook-url",
      description = "POST every alert as JSON to this http(s) URL; empty: no webhook",
      secret = true)
  public void setWebhookUrl(String webhookUrl) {
    this.webhookUrl = webhookUrl.trim();
  }

  public String getMailTo() {
    return mailTo;
  }

  @Config(
      value = "alert.mail.to",
      description = "Mail every alert to these addresses (comma-separated); empty: no mail")
  public void setMailTo(String mailTo) {
    this.mailTo = mailTo.trim();
  }

  public String getMailFrom() {
    return mailFrom;
  }

  @Config(value = "alert.mail.from", description = "Sender address of alert mail")
  public void setMailFrom(String mailFrom) {
    this.mailFrom = mailFrom.trim();
  }

  public String getSmtpHost() {
    return smtpHost;
  }

  @Config(value = "alert.mail.smtp-host", description = "SMTP server for alert mail")
  public void setSmtpHost(String smtpHost) {
    this.smtpHost = smtpHost.trim();
  }

  public int getSmtpPort() {
    return smtpPort;
  }

  @Config(value = "alert.mail.smtp-port", description = "Port of the SMTP server")
  public void setSmtpPort(int smtpPort) {
    this.smtpPort = smtpPort;
  }

  public String getSmtpUser() {
    return smtpUser;
  }

  @Config(value = "alert.mail.user", description = "SMTP user; empty: no authentication")
  public void setSmtpUser(String smtpUser) {
    this.smtpUser = smtpUser.trim();
  }

  public String getSmtpPassword() {
    return smtpPassword;
  }

  @Config(value = "alert.mail.password", description = "SMTP password", secret = true)
  public void setSmtpPassword(String smtpPassword) {
    this.smtpPassword = smtpPassword;
  }

  public boolean isStarttls() {
    return starttls;
  }

  @Config(
      value = "alert.mail.starttls",
      description = "Require STARTTLS on the SMTP connection (most relays on port 587 do)")
  public void setStarttls(boolean starttls) {
    this.starttls = starttls;
  }

  public boolean mailEnabled() {
    return !mailTo.isEmpty();
  }

  public boolean webhookEnabled() {
    return !webhookUrl.isEmpty();
  }

  @Override
  public void validate(List<String> problems) {
    if (failures < 0) {
      problems.add("alert.failures: must not be negative (0 turns item alerts off)");
    }
    if (webhookEnabled()) {
      try {
        URI uri = URI.create(webhookUrl);
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
            || uri.getHost() == null) {
          problems.add("alert.webhook-url: not an http:// or https:// URL");
        }
      } catch (IllegalArgumentException e) {
        problems.add("alert.webhook-url: not a URL");
      }
    }
    if (mailEnabled()) {
      if (smtpHost.isEmpty()) {
        problems.add("alert.mail.smtp-host: needed to send mail to alert.mail.to");
      }
      if (!mailFrom.contains("@")) {
        problems.add("alert.mail.from: '" + mailFrom + "' is not a mail address");
      }
    }
    if (smtpPort < 1 || smtpPort > 65535) {
      problems.add("alert.mail.smtp-port: " + smtpPort + " is not a TCP port");
    }
  }
}
