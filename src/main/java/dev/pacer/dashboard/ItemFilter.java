package dev.pacer.dashboard;

import dev.pacer.dashboard.ItemSnapshot.Entry;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Predicate;

/** Which items the dashboard lists: {@code ?filter=} of {@code /api/items}. */
enum ItemFilter {
  ALL(entry -> true),
  FAILING(entry -> entry.view().failures() > 0),
  PAUSED(entry -> entry.view().state().equals("paused")),
  OVERDUE(Entry::overdue),
  INVALID(entry -> entry.view().state().equals("invalid"));

  private final Predicate<Entry> test;

  ItemFilter(Predicate<Entry> test) {
    this.test = test;
  }

  boolean matches(Entry entry) {
    return test.test(entry);
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static ItemFilter of(String label) {
    return Arrays.stream(values())
        .filter(filter -> filter.label().equals(label))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "filter: "
                        + label
                        + " is none of "
                        + String.join(
                            ", ", Arrays.stream(values()).map(ItemFilter::label).toList())));
  }
}
