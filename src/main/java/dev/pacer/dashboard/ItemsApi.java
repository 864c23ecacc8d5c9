package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.dashboard.ItemSnapshot.Counts;
import dev.pacer.dashboard.ItemSnapshot.Entry;
import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import dev.pacer.overview.LastRun;
import dev.pacer.overview.RunHistory;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/items}: one page of the items, failing ones first then by name in natural order,
 * those a filter and a search select, with the summary's counts over every item. The items come
 * from a snapshot shared by concurrent requests ({@link ItemSnapshots}); only the page's rows cost
 * a query of their own (their last runs, in one statement).
 */
@Singleton
final class ItemsApi implements Endpoint {
  private final ItemSnapshots snapshots;
  private final RunHistory runs;

  @Inject
  ItemsApi(ItemSnapshots snapshots, RunHistory runs) {
    this.snapshots = requireNonNull(snapshots);
    this.runs = requireNonNull(runs);
  }

  @Override
  public String path() {
    return "/api/items";
  }

  @Override
  public Response get(Map<String, String> query) throws Exception {
    ItemQuery request;
    try {
      request = ItemQuery.of(query);
    } catch (IllegalArgumentException e) {
      return Response.json(400, new Problem(e.getMessage()));
    }
    ItemSnapshot snapshot = snapshots.current();
    List<Entry> matched = snapshot.items().stream().filter(request::matches).toList();
    List<Entry> page = matched.stream().skip(request.offset()).limit(request.size()).toList();
    Map<String, LastRun> last = runs.lastRuns(page.stream().map(e -> e.view().item()).toList());
    List<ItemJson> rows =
        page.stream().map(entry -> ItemJson.of(entry, last.get(entry.view().item()))).toList();
    int pages = Math.max(1, (matched.size() + request.size() - 1) / request.size());
    return Response.json(
        200,
        new PageJson(
            snapshot.at(),
            snapshot.counts(),
            request.filter().label(),
            request.search(),
            matched.size(),
            request.page(),
            request.size(),
            pages,
            rows));
  }

  /**
   * @param counts over every item, whatever the filter
   * @param matched how many items the filter and the search select
   */
  record PageJson(
      Instant at,
      Counts counts,
      String filter,
      String q,
      int matched,
      int page,
      int size,
      int pages,
      List<ItemJson> items) {}

  record Problem(String error) {}
}
