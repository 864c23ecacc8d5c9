package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.overview.ItemView;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Every item as read at one instant, in the dashboard's order (failing first, then by name in
 * natural order), with the summary's counts.
 */
record ItemSnapshot(Instant at, List<Entry> items, Counts counts) {
  /** How far in the past an item's next run may be before it counts as overdue. */
  static final Duration OVERDUE_AFTER = Duration.ofSeconds(5);

  private static final Comparator<Entry> ORDER =
      Comparator.comparing((Entry entry) -> entry.view().failures() == 0)
          .thenComparing(entry -> entry.view().item(), NaturalOrder.INSTANCE);

  ItemSnapshot {
    requireNonNull(at);
    items = List.copyOf(items);
    requireNonNull(counts);
  }

  static ItemSnapshot of(List<ItemView> views, Instant at) {
    List<Entry> entries =
        views.stream()
            .map(
                view ->
                    new Entry(
                        view, view.item().toLowerCase(Locale.ROOT), view.isLate(at, OVERDUE_AFTER)))
            .sorted(ORDER)
            .toList();
    return new ItemSnapshot(at, entries, Counts.of(entries));
  }

  Optional<Entry> find(String item) {
    return items.stream().filter(entry -> entry.view().item().equals(item)).findFirst();
  }

  /**
   * @param searchKey the name in lower case, for a search that ignores case
   * @param overdue its next run is more than {@link #OVERDUE_AFTER} in the past
   */
  record Entry(ItemView view, String searchKey, boolean overdue) {}

  /** The summary: items in all, and how many are failing, paused, overdue and invalid. */
  record Counts(int items, int failing, int paused, int overdue, int invalid) {
    static Counts of(List<Entry> entries) {
      return new Counts(
          entries.size(),
          count(entries, ItemFilter.FAILING),
          count(entries, ItemFilter.PAUSED),
          count(entries, ItemFilter.OVERDUE),
          count(entries, ItemFilter.INVALID));
    }

    private static int count(List<Entry> entries, ItemFilter filter) {
      return (int) entries.stream().filter(filter::matches).count();
    }
  }
}
