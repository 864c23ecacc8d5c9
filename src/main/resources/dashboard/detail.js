// The drawer of one item: its state and its latest runs from the run log, with their chart.
import { chart } from "/chart.js";
import { cell } from "/dom.js";
import { dateTime, dateTimeMillis, millis, relative, seconds, timeMillis } from "/format.js";

const COLUMNS = 9;

// A run's value to nine significant digits (the log keeps a DOUBLE; the title has all of it).
function value(result) {
  return String(Number(result.toPrecision(9)));
}

export function drawDetail(data) {
  const item = data.item;
  document.getElementById("detail-name").textContent = item.item;
  const facts = [
    item.state,
    "every " + seconds(item.interval),
    item.failures > 0 ? item.failures + " failure(s) in a row" : "not failing",
    item.lastExecution ? "last run " + dateTime(item.lastExecution) : "never run",
  ];
  if (item.state !== "paused" && item.nextRun) {
    facts.push("next run " + dateTime(item.nextRun) + " (" + relative(item.nextRun, data.at) + ")");
  }
  document.getElementById("detail-facts").textContent = facts.join(" · ");
  const error = document.getElementById("detail-error");
  error.textContent = item.lastError || "";
  error.hidden = !item.lastError;

  const oldestFirst = data.runs.slice().reverse();
  const points = oldestFirst.map(r => ({ at: r.startedAt, value: r.result, ok: r.outcome === "success" }));
  document.getElementById("detail-chart").replaceChildren(points.length ? chart(points) : "");

  const body = document.querySelector("#runs tbody");
  body.replaceChildren();
  for (const run of data.runs) {
    const row = document.createElement("tr");
    row.className = run.outcome === "success" ? "run" : "run failed";
    cell(row, dateTimeMillis(run.scheduledAt), "time");
    cell(row, timeMillis(run.startedAt, run.scheduledAt), "time");
    cell(row, timeMillis(run.finishedAt, run.startedAt), "time");
    cell(row, millis(run.latenessMs), "number");
    cell(row, millis(run.durationMs), "number");
    cell(row, run.node);
    cell(row, run.attempt, "number");
    cell(row, run.outcome, "outcome");
    cell(row, run.result === null ? "–" : value(run.result), "number").title = run.result ?? "";
    body.appendChild(row);
    if (run.error) {
      const error = document.createElement("tr");
      error.className = "run-error";
      cell(error, run.error, "error-text").colSpan = COLUMNS;
      body.appendChild(error);
    }
  }
  document.getElementById("no-runs").hidden = data.runs.length > 0;
}
