// Pacer's dashboard: reads /api/cluster, /api/items (one page), /api/alerts and, for the item
// opened, /api/item, and draws them. Read-only. What it shows (filter, search, page, item) lives
// in the address's fragment, so a reload or a shared link shows the same.
import { drawDetail } from "/detail.js";
import { cell, longCell } from "/dom.js";
import { count, dateTime, localZoneName, millis, relative, seconds, useUtc, zoneLabel } from "/format.js";

const REFRESH_MS = 5000;
const SEARCH_DELAY_MS = 250;
const FILTERS = ["all", "failing", "paused", "overdue", "invalid"];

const state = { filter: "all", q: "", page: 1, item: null };
let timer = null;
let generation = 0;
let last = null; // the latest answers, to draw again when the zone changes

function readFragment() {
  const params = new URLSearchParams(location.hash.slice(1));
  state.filter = FILTERS.includes(params.get("filter")) ? params.get("filter") : "all";
  state.q = params.get("q") || "";
  state.page = Math.max(1, parseInt(params.get("page"), 10) || 1);
  state.item = params.get("item");
}

function writeFragment() {
  const params = new URLSearchParams();
  if (state.filter !== "all") params.set("filter", state.filter);
  if (state.q) params.set("q", state.q);
  if (state.page > 1) params.set("page", String(state.page));
  if (state.item !== null) params.set("item", state.item);
  const hash = params.toString();
  history.replaceState(null, "", hash ? "#" + hash : location.pathname);
}

function itemsPath() {
  const params = new URLSearchParams({ filter: state.filter, q: state.q, page: String(state.page) });
  return "/api/items?" + params;
}

async function fetchJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (response.status === 404 && path.startsWith("/api/item?")) return null;
  if (!response.ok) throw new Error(path.split("?")[0] + " answered " + response.status);
  return response.json();
}

// Fetches everything the page shows and draws it; a newer refresh makes an older one's answers
// obsolete, so a slow answer never draws over what the operator asked for since.
async function refresh() {
  clearTimeout(timer);
  const mine = ++generation;
  const error = document.getElementById("error");
  try {
    const detailPath = state.item === null ? null : "/api/item?" + new URLSearchParams({ name: state.item });
    const [cluster, items, alerts, detail] = await Promise.all([
      fetchJson("/api/cluster"),
      fetchJson(itemsPath()),
      fetchJson("/api/alerts"),
      detailPath === null ? null : fetchJson(detailPath),
    ]);
    if (mine !== generation) return;
    if (state.item !== null && detail === null) { // the item is gone
      state.item = null;
      writeFragment();
    }
    if (items.page > items.pages) {
      state.page = items.pages;
      writeFragment();
      return refresh();
    }
    last = { cluster, items, alerts, detail };
    draw();
    error.hidden = true;
  } catch (e) {
    if (mine !== generation) return;
    error.textContent = "Cannot reach the node: " + e.message;
    error.hidden = false;
  }
  if (mine === generation) timer = setTimeout(refresh, REFRESH_MS);
}

function draw() {
  const { cluster, items, alerts, detail } = last;
  document.getElementById("node").textContent = "node " + cluster.node;
  document.getElementById("updated").textContent = "updated " + dateTime(items.at);
  for (const label of document.querySelectorAll(".zone-label")) label.textContent = zoneLabel();
  drawSummary(items, alerts, cluster);
  drawAlerts(alerts);
  drawItems(items);
  const drawer = document.getElementById("detail");
  if (state.item !== null && detail) {
    drawDetail(detail);
    drawer.hidden = false;
  } else {
    drawer.hidden = true;
  }
}

function drawSummary(items, alerts, cluster) {
  const counts = items.counts;
  const shown = { items: counts.items, failing: counts.failing, paused: counts.paused,
    overdue: counts.overdue, invalid: counts.invalid, alerts: alerts.total };
  for (const [name, n] of Object.entries(shown)) {
    const element = document.getElementById("sum-" + name);
    element.querySelector(".count").textContent = count(n);
    element.classList.toggle("bad", n > 0 && ["failing", "overdue", "invalid", "alerts"].includes(name));
    element.classList.toggle("selected", element.dataset.filter === state.filter);
  }
  const members = document.getElementById("members");
  members.replaceChildren();
  for (const m of cluster.members) {
    const li = document.createElement("li");
    li.className = "member " + m.status;
    const name = document.createElement("span");
    name.className = "member-name";
    name.textContent = m.node;
    const status = document.createElement("span");
    status.className = "member-status";
    status.textContent = m.status;
    li.append(name, " ", status);
    li.title = "last check-in " + dateTime(m.lastCheckin) + " (" + relative(m.lastCheckin, cluster.at) +
      "), every " + millis(m.checkinIntervalMs);
    members.appendChild(li);
  }
}

function drawAlerts(alerts) {
  document.getElementById("alerts-count").textContent = alerts.total > alerts.alerts.length
    ? `(${count(alerts.total)}, the ${alerts.alerts.length} opened last shown)` : `(${count(alerts.total)})`;
  document.getElementById("no-alerts").hidden = alerts.total > 0;
  document.getElementById("alert-table").hidden = alerts.total === 0;
  const body = document.querySelector("#alert-table tbody");
  body.replaceChildren();
  for (const a of alerts.alerts) {
    const row = document.createElement("tr");
    row.className = "alert";
    cell(row, dateTime(a.openedAt), "time").title = relative(a.openedAt, alerts.at);
    cell(row, a.kind);
    cell(row, a.subject, "subject");
    cell(row, a.summary, "summary");
    body.appendChild(row);
  }
}

function drawItems(data) {
  const matched = data.filter === "all" && !data.q ? `(${count(data.counts.items)})`
    : `(${count(data.matched)} of ${count(data.counts.items)} ${describe(data)})`;
  document.getElementById("matched").textContent = matched;
  const first = (data.page - 1) * data.size;
  document.getElementById("page").textContent = data.matched === 0 ? "" :
    `${count(first + 1)}–${count(first + data.items.length)} · page ${count(data.page)} of ${count(data.pages)}`;
  document.getElementById("prev").disabled = data.page <= 1;
  document.getElementById("next").disabled = data.page >= data.pages;
  document.getElementById("no-items").hidden = data.items.length > 0;
  const body = document.querySelector("#items tbody");
  body.replaceChildren();
  for (const item of data.items) body.appendChild(itemRow(item, data.at));
}

function describe(data) {
  const parts = [];
  if (data.filter !== "all") parts.push(data.filter);
  if (data.q) parts.push("matching “" + data.q + "”");
  return parts.join(", ");
}

function itemRow(item, now) {
  const row = document.createElement("tr");
  const classes = ["item"];
  if (item.failures > 0) classes.push("failing");
  if (item.overdue) classes.push("overdue");
  if (item.state === "paused") classes.push("paused");
  if (item.item === state.item) classes.push("selected");
  row.className = classes.join(" ");

  const name = document.createElement("td");
  name.className = "name";
  const open = document.createElement("button");
  open.type = "button";
  open.className = "link";
  open.textContent = item.item;
  name.appendChild(open);
  row.appendChild(name);
  row.addEventListener("click", () => openItem(item.item));

  cell(row, item.state, "state " + item.state);
  cell(row, seconds(item.interval), item.interval > 0 ? "number" : "number bad");
  cell(row, relative(item.lastExecution, now), "time last-run").title = dateTime(item.lastExecution);
  const late = cell(row, item.lastRun ? millis(item.lastRun.latenessMs) : "", "number lateness");
  if (item.lastRun) {
    late.title = "scheduled " + dateTime(item.lastRun.scheduledAt) + ", started " + dateTime(item.lastRun.startedAt);
  }
  cell(row, result(item), "number result");
  const next = cell(row, nextRun(item, now), "time next-run" + (item.overdue ? " late" : ""));
  if (item.nextRun && item.state !== "paused") next.title = dateTime(item.nextRun);
  cell(row, item.failures, "number failures");
  cell(row, item.lastNode);
  longCell(row, item.failures > 0 ? item.lastError : "", "error-text");
  return row;
}

function result(item) {
  if (item.result !== null) return item.result;
  if (item.lastRun && item.lastRun.outcome !== "success") return item.lastRun.outcome;
  return "–";
}

// A paused item has no next run, whatever its trigger says; an overdue one says how late it is.
function nextRun(item, now) {
  if (item.state === "paused") return "paused";
  if (item.state === "invalid" || !item.nextRun) return "–";
  return item.overdue ? "due " + relative(item.nextRun, now) : relative(item.nextRun, now);
}

function openItem(name) {
  state.item = name;
  writeFragment();
  refresh();
}

function closeItem() {
  state.item = null;
  writeFragment();
  document.getElementById("detail").hidden = true;
  refresh();
}

function setFilter(filter) {
  state.filter = filter;
  state.page = 1;
  document.getElementById("filter").value = filter;
  writeFragment();
  refresh();
}

function setup() {
  readFragment();
  const zone = document.getElementById("zone");
  document.getElementById("zone-local").textContent = "local time (" + localZoneName() + ")";
  zone.value = localStorage.getItem("pacer.zone") === "local" ? "local" : "utc";
  useUtc(zone.value === "utc");
  zone.addEventListener("change", () => {
    localStorage.setItem("pacer.zone", zone.value);
    useUtc(zone.value === "utc");
    if (last) draw();
  });

  const search = document.getElementById("search");
  search.value = state.q;
  let typing = null;
  search.addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => {
      state.q = search.value.trim();
      state.page = 1;
      writeFragment();
      refresh();
    }, SEARCH_DELAY_MS);
  });

  const filter = document.getElementById("filter");
  filter.value = state.filter;
  filter.addEventListener("change", () => setFilter(filter.value));
  for (const button of document.querySelectorAll("#summary button[data-filter]")) {
    button.addEventListener("click", () => setFilter(button.dataset.filter));
  }
  document.getElementById("prev").addEventListener("click", () => {
    state.page = Math.max(1, state.page - 1);
    writeFragment();
    refresh();
  });
  document.getElementById("next").addEventListener("click", () => {
    state.page += 1;
    writeFragment();
    refresh();
  });
  document.getElementById("detail-close").addEventListener("click", closeItem);
  document.addEventListener("keydown", e => {
    if (e.key === "Escape" && state.item !== null) closeItem();
  });
  window.addEventListener("hashchange", () => {
    readFragment();
    search.value = state.q;
    filter.value = state.filter;
    refresh();
  });
  refresh();
}

setup();
