package dev.pacer.dashboard;

import dev.pacer.dashboard.ItemSnapshot.Entry;
import java.util.Locale;
import java.util.Map;

/**
 * What {@code /api/items} is asked for: {@code filter}, {@code q} (a part of the name, in any
 * case), {@code page} (from 1) and {@code size} (rows a page).
 */
record ItemQuery(ItemFilter filter, String search, int page, int size) {
  static final int DEFAULT_SIZE = 100;
  static final int MAX_SIZE = 500;

  /**
   * @throws IllegalArgumentException naming the parameter that makes no sense
   */
  static ItemQuery of(Map<String, String> query) {
    ItemFilter filter = ItemFilter.of(query.getOrDefault("filter", "all"));
    String search = query.getOrDefault("q", "").strip();
    int page = number(query, "page", 1, Integer.MAX_VALUE, 1);
    int size = number(query, "size", 1, MAX_SIZE, DEFAULT_SIZE);
    return new ItemQuery(filter, search, page, size);
  }

  boolean matches(Entry entry) {
    return filter.matches(entry)
        && (search.isEmpty() || entry.searchKey().contains(search.toLowerCase(Locale.ROOT)));
  }

  /** Index of the page's first row among the matching items. */
  long offset() {
    return (long) (page - 1) * size;
  }

  private static int number(Map<String, String> query, String name, int min, int max, int value) {
    String text = query.get(name);
    if (text == null || text.isEmpty()) {
      return value;
    }
    try {
      int number = Integer.parseInt(text);
      if (number >= min && number <= max) {
        return number;
      }
    } catch (NumberFormatException e) {
      // said below
    }
    throw new IllegalArgumentException(
        name + ": " + text + " is not a number from " + min + " to " + max);
  }
}
