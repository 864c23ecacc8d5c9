// Pacer's dashboard: reads /api/cluster and /api/items and draws them. Read-only; item names are
// user data, so they only ever go into the page as text (textContent), never as markup.
"use strict";

const REFRESH_MS = 5000;
const SVG = "http://www.w3.org/2000/svg";

function cell(row, text, className) {
  const td = document.createElement("td");
  td.textContent = text === null || text === undefined ? "" : String(text);
  if (className) td.className = className;
  row.appendChild(td);
  return td;
}

function time(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  return date.toLocaleTimeString() + (sameDay(date) ? "" : " " + date.toLocaleDateString());
}

function sameDay(date) {
  return date.toDateString() === new Date().toDateString();
}

function seconds(s) {
  if (s >= 3600 && s % 3600 === 0) return s / 3600 + " h";
  if (s >= 60 && s % 60 === 0) return s / 60 + " min";
  return s + " s";
}

// A sparkline of the item's recent results: a line through the values of successful runs, a dot
// per run, red for a failed one (drawn on the baseline).
function chart(points) {
  const width = 160, height = 28, pad = 3;
  const svg = document.createElementNS(SVG, "svg");
  svg.setAttribute("class", "chart");
  svg.setAttribute("width", width);
  svg.setAttribute("height", height);
  svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
  const values = points.filter(p => p.ok && p.value !== null).map(p => p.value);
  const min = Math.min(...values), max = Math.max(...values);
  const span = max - min || 1;
  const x = i => pad + (points.length < 2 ? 0 : (i * (width - 2 * pad)) / (points.length - 1));
  const y = v => (values.length === 0 ? height - pad : height - pad - ((v - min) / span) * (height - 2 * pad));
  const line = [];
  points.forEach((p, i) => {
    const dot = document.createElementNS(SVG, "circle");
    const cy = p.ok ? y(p.value) : height - pad;
    dot.setAttribute("cx", x(i).toFixed(1));
    dot.setAttribute("cy", cy.toFixed(1));
    dot.setAttribute("r", p.ok ? 1.5 : 2.5);
    dot.setAttribute("class", p.ok ? "ok" : "failed");
    const title = document.createElementNS(SVG, "title");
    title.textContent = time(p.at) + ": " + (p.ok ? p.value : "failed");
    dot.appendChild(title);
    svg.appendChild(dot);
    if (p.ok) line.push(x(i).toFixed(1) + "," + cy.toFixed(1));
  });
  if (line.length > 1) {
    const polyline = document.createElementNS(SVG, "polyline");
    polyline.setAttribute("points", line.join(" "));
    svg.insertBefore(polyline, svg.firstChild);
  }
  return svg;
}

function drawMembers(cluster) {
  document.getElementById("node").textContent = "node " + cluster.node;
  const body = document.querySelector("#members tbody");
  body.replaceChildren();
  for (const m of cluster.members) {
    const row = document.createElement("tr");
    cell(row, m.node);
    cell(row, m.status, m.status);
    cell(row, time(m.lastCheckin));
    cell(row, m.checkinIntervalMs / 1000 + " s");
    body.appendChild(row);
  }
}

function drawItems(data) {
  document.getElementById("count").textContent =
    data.items.length < data.total ? `(${data.items.length} of ${data.total}, failing first)` : `(${data.total})`;
  const body = document.querySelector("#items tbody");
  body.replaceChildren();
  for (const item of data.items) {
    const row = document.createElement("tr");
    row.className = item.failures > 0 ? "item failing" : "item";
    cell(row, item.item, "name");
    cell(row, item.state + (item.overdue ? ", overdue" : ""));
    cell(row, seconds(item.interval), "number");
    cell(row, time(item.lastExecution));
    cell(row, item.result === null ? "–" : item.result, "number");
    cell(row, item.state === "paused" ? "paused" : time(item.nextRun));
    const failures = cell(row, item.failures, "number failures");
    if (item.lastError) failures.title = item.lastError;
    cell(row, item.lastNode);
    cell(row, "").appendChild(chart(item.recent));
    body.appendChild(row);
  }
}

async function fetchJson(path) {
  const response = await fetch(path, { cache: "no-store" });
  if (!response.ok) throw new Error(path + " answered " + response.status);
  return response.json();
}

async function refresh() {
  const error = document.getElementById("error");
  try {
    const [cluster, items] = await Promise.all([fetchJson("/api/cluster"), fetchJson("/api/items")]);
    drawMembers(cluster);
    drawItems(items);
    error.hidden = true;
    document.getElementById("updated").textContent = "updated " + time(items.at);
  } catch (e) {
    error.textContent = "Cannot reach the node: " + e.message;
    error.hidden = false;
  } finally {
    setTimeout(refresh, REFRESH_MS);
  }
}

refresh();
