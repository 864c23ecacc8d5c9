package dev.pacer.overview;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * An open alert, a row of {@code pacer_alert}.
 *
 * @param kind {@code item-failing} or {@code member-silent}
 * @param subject the item or the node it is about
 */
public record AlertView(String kind, String subject, Instant openedAt, String summary) {
  public AlertView {
    requireNonNull(kind);
    requireNonNull(subject);
    requireNonNull(openedAt);
    requireNonNull(summary);
  }
}
