package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import dev.pacer.history.ItemNames;
import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import dev.pacer.overview.ItemOverview;
import dev.pacer.overview.ItemView;
import dev.pacer.overview.Lateness;
import dev.pacer.overview.RunHistory;
import dev.pacer.overview.RunView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/items}: the items for the dashboard, failing ones first, each with its recent
 * runs for the chart. At most {@value #SHOWN} items are listed, so a cluster of thousands of items
 * costs the page a bounded number of queries.
 */
@Singleton
final class ItemsApi implements Endpoint {
  static final int SHOWN = 200;
  static final int RECENT_RUNS = 30;

  private final ItemOverview items;
  private final RunHistory runs;
  private final Clock clock;
  private final Duration tolerance;

  @Inject
  ItemsApi(ItemOverview items, RunHistory runs, Clock clock, Lateness lateness) {
    this.items = requireNonNull(items);
    this.runs = requireNonNull(runs);
    this.clock = requireNonNull(clock);
    this.tolerance = lateness.tolerance();
  }

  @Override
  public String path() {
    return "/api/items";
  }

  @Override
  public Response get(Map<String, String> query) throws Exception {
    Instant now = clock.instant();
    List<ItemView> all = new ArrayList<>(items.all());
    all.sort(
        Comparator.comparing((ItemView item) -> item.failures() == 0)
            .thenComparing(ItemView::item, ItemNames.NATURAL_ORDER));
    List<ItemView> shown = all.subList(0, Math.min(SHOWN, all.size()));
    Map<String, List<RunView>> recent =
        runs.latest(shown.stream().map(ItemView::item).toList(), RECENT_RUNS);
    List<ItemJson> list = new ArrayList<>();
    for (ItemView item : shown) {
      List<Point> points = new ArrayList<>();
      List<RunView> oldestFirst = new ArrayList<>(recent.get(item.item()));
      Collections.reverse(oldestFirst);
      for (RunView run : oldestFirst) {
        points.add(new Point(run.startedAt(), run.failed() ? null : run.result(), !run.failed()));
      }
      list.add(new ItemJson(item, item.isOverdue(now, tolerance), points));
    }
    return Response.json(200, new ItemsJson(now, all.size(), list));
  }

  record ItemsJson(Instant at, int total, List<ItemJson> items) {}

  record ItemJson(@JsonUnwrapped ItemView item, boolean overdue, List<Point> recent) {}

  /** One run on the chart: its value, or a failure. */
  record Point(Instant at, Double value, boolean ok) {}
}
