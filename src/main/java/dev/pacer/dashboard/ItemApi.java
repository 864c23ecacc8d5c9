package dev.pacer.dashboard;

import static java.util.Objects.requireNonNull;

import dev.pacer.dashboard.ItemSnapshot.Entry;
import dev.pacer.dashboard.ItemsApi.Problem;
import dev.pacer.http.Endpoint;
import dev.pacer.http.Response;
import dev.pacer.overview.LastRun;
import dev.pacer.overview.RunHistory;
import dev.pacer.overview.RunView;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code GET /api/item?name=ITEM}: one item and its latest runs from the run log. */
@Singleton
final class ItemApi implements Endpoint {
  static final int RUNS = 50;

  private final ItemSnapshots snapshots;
  private final RunHistory runs;

  @Inject
  ItemApi(ItemSnapshots snapshots, RunHistory runs) {
    this.snapshots = requireNonNull(snapshots);
    this.runs = requireNonNull(runs);
  }

  @Override
  public String path() {
    return "/api/item";
  }

  @Override
  public Response get(Map<String, String> query) throws Exception {
    String name = query.get("name");
    if (name == null || name.isEmpty()) {
      return Response.json(400, new Problem("name: the item is missing"));
    }
    ItemSnapshot snapshot = snapshots.current();
    Optional<Entry> entry = snapshot.find(name);
    if (entry.isEmpty()) {
      return Response.json(404, new Problem("no item of that name"));
    }
    LastRun last = runs.lastRuns(List.of(name)).get(name);
    List<RunJson> latest = runs.latest(name, RUNS).stream().map(RunJson::of).toList();
    return Response.json(
        200, new DetailJson(snapshot.at(), ItemJson.of(entry.get(), last), latest));
  }

  /**
   * @param runs newest slot first, its last attempt first
   */
  record DetailJson(Instant at, ItemJson item, List<RunJson> runs) {}

  /** A row of {@code pacer_run}. */
  record RunJson(
      Instant scheduledAt,
      Instant startedAt,
      Instant finishedAt,
      long latenessMs,
      long durationMs,
      String node,
      int attempt,
      String outcome,
      Double result,
      String error) {
    static RunJson of(RunView run) {
      return new RunJson(
          run.scheduledAt(),
          run.startedAt(),
          run.finishedAt(),
          Duration.between(run.scheduledAt(), run.startedAt()).toMillis(),
          run.duration().toMillis(),
          run.node(),
          run.attempt(),
          run.outcome(),
          run.result(),
          run.error());
    }
  }
}
