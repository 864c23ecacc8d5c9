// How the dashboard writes times and amounts. Every absolute time is in one zone, UTC or the
// browser's, and says which; relative times are measured from the server's clock ("at" of the
// answer), not the browser's.

const LOCAL_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone;
let utc = true;

export function useUtc(value) {
  utc = value;
}

export function localZoneName() {
  return LOCAL_ZONE;
}

// "UTC", or the local zone's short name at that date ("CET", "GMT-3").
export function zoneLabel(date = new Date()) {
  if (utc) return "UTC";
  const part = new Intl.DateTimeFormat("en-US", { timeZoneName: "short" })
    .formatToParts(date)
    .find(p => p.type === "timeZoneName");
  return part ? part.value : LOCAL_ZONE;
}

function parts(date) {
  const format = new Intl.DateTimeFormat("en-US", {
    timeZone: utc ? "UTC" : undefined,
    year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit", fractionalSecondDigits: 3,
    hourCycle: "h23",
  });
  const p = {};
  for (const part of format.formatToParts(date)) p[part.type] = part.value;
  return {
    day: `${p.year}-${p.month}-${p.day}`,
    time: `${p.hour}:${p.minute}:${p.second}`,
    millis: p.fractionalSecond,
  };
}

// "2026-11-23 20:51:26 UTC"
export function dateTime(iso) {
  if (!iso) return "";
  const date = new Date(iso);
  const p = parts(date);
  return `${p.day} ${p.time} ${zoneLabel(date)}`;
}

// "2026-11-23 20:51:26.123", for tables whose heading names the zone.
export function dateTimeMillis(iso) {
  if (!iso) return "";
  const p = parts(new Date(iso));
  return `${p.day} ${p.time}.${p.millis}`;
}

// "20:51:26.123", or with its date when that differs from the other time's.
export function timeMillis(iso, sameDayAs) {
  if (!iso) return "";
  const p = parts(new Date(iso));
  const shown = `${p.time}.${p.millis}`;
  return sameDayAs && parts(new Date(sameDayAs)).day !== p.day ? `${p.day} ${shown}` : shown;
}

// "in 4 s", "12 s ago", "3 min ago", relative to the server's now.
export function relative(iso, nowIso) {
  if (!iso) return "";
  const ms = Date.parse(iso) - Date.parse(nowIso);
  const text = amount(Math.round(Math.abs(ms) / 1000));
  if (text === "0 s") return "now";
  return ms > 0 ? "in " + text : text + " ago";
}

function amount(s) {
  if (s < 60) return s + " s";
  if (s < 3600) return Math.floor(s / 60) + " min";
  if (s < 86400) return Math.floor(s / 3600) + " h";
  return Math.floor(s / 86400) + " d";
}

// An interval: "10 s", "5 min", "1 h", "90 s".
export function seconds(s) {
  if (s >= 3600 && s % 3600 === 0) return s / 3600 + " h";
  if (s >= 60 && s % 60 === 0) return s / 60 + " min";
  return s + " s";
}

// A duration of a run or a lateness: "12 ms", "1.3 s", "4 min 10 s".
export function millis(ms) {
  if (ms === null || ms === undefined) return "";
  const sign = ms < 0 ? "-" : "";
  const abs = Math.abs(ms);
  if (abs < 1000) return sign + abs + " ms";
  if (abs < 60000) return sign + (abs / 1000).toFixed(abs < 10000 ? 1 : 0) + " s";
  const s = Math.round(abs / 1000);
  return sign + Math.floor(s / 60) + " min " + (s % 60) + " s";
}

export function count(n) {
  return n.toLocaleString("en-US");
}
