package dev.pacer.alert;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Locale;

/**
 * One notice: a problem that starts ({@link Status#FIRING}) or ends ({@link Status#RESOLVED}).
 *
 * @param subject the item or the node the alert is about
 * @param summary one line for a human
 * @param node the node that noticed
 */
public record Alert(
    Kind kind, Status status, String subject, String summary, String node, Instant at) {
  public Alert {
    requireNonNull(kind);
    requireNonNull(status);
    requireNonNull(subject);
    requireNonNull(summary);
    requireNonNull(node);
    requireNonNull(at);
  }

  /** What the alert is about; its name is stored in {@code pacer_alert.kind}. */
  public enum Kind {
    ITEM_FAILING,
    MEMBER_SILENT;

    public String label() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  public enum Status {
    FIRING,
    RESOLVED;

    public String label() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The line a log, a chat message or a mail subject shows. */
  public String headline() {
    return (status == Status.FIRING ? "ALERT " : "RESOLVED ") + summary;
  }
}
