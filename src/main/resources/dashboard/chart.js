// A sparkline of an item's runs, oldest first: a line through the values of successful runs, a dot
// per run, red for a failed one (drawn on the baseline).

import { dateTime } from "/format.js";

const SVG = "http://www.w3.org/2000/svg";

export function chart(points, width = 320, height = 48) {
  const pad = 3;
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
    dot.setAttribute("r", p.ok ? 1.8 : 2.8);
    dot.setAttribute("class", p.ok ? "ok" : "failed");
    const title = document.createElementNS(SVG, "title");
    title.textContent = dateTime(p.at) + ": " + (p.ok ? p.value : "failed");
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
