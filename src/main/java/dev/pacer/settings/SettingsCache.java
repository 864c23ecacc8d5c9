package dev.pacer.settings;

import static java.util.Objects.requireNonNull;

import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.sql.SQLException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's copy of {@code pacer_item}, refreshed by every sync tick on every node, so a run
 * finds its item's settings without a query.
 */
@Singleton
public final class SettingsCache {
  private static final Logger log = LoggerFactory.getLogger(SettingsCache.class);

  private final SettingsTable table;
  private final Set<String> reported = ConcurrentHashMap.newKeySet();
  private volatile Map<String, ItemSettings> settings = Map.of();
  private Long checksum;

  @Inject
  public SettingsCache(SettingsTable table) {
    this.table = requireNonNull(table);
  }

  /**
   * Reads the table again if it changed since the last refresh.
   *
   * @return whether it changed
   */
  public synchronized boolean refresh() throws SQLException {
    Long sum = table.checksum();
    if (sum != null && sum.equals(checksum)) {
      return false;
    }
    checksum = sum;
    Map<String, ItemSettings> before = settings;
    settings =
        Map.copyOf(
            table.readAll(
                problem -> {
                  if (reported.add(problem)) {
                    log.warn(problem);
                  }
                }));
    return !settings.equals(before);
  }

  public ItemSettings get(String item) {
    ItemSettings own = settings.get(item);
    return own != null ? own : ItemSettings.defaults(item);
  }

  public Map<String, ItemSettings> all() {
    return settings;
  }
}
