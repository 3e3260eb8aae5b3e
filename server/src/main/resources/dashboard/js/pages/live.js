// Live: the last minutes from the live aggregator. History from GET /v1/live, then window updates and alerts
// from the SSE stream GET /v1/live/stream (no reload). If the stream is down, /v1/live is polled meanwhile.
import { json, stream } from '../api.js';
import { h, errorBox, cell, time, pick } from '../ui.js';
import { timeChart, setSeries } from '../charts.js';

const MAX_POINTS = 60;
const TOP_TYPES = 8;

/** Reads one window of whatever shape the live API sends into {start, seconds, byType, players, crashes, fps}. */
export function normalizeWindow(w, sizeHint) {
  const start = pick(w, 'start', 'window_start', 'start_ms', 'from');
  const startMs = typeof start === 'number' ? start : Date.parse(start);
  if (!Number.isFinite(startMs)) return null;
  const byType = pick(w, 'events_by_type', 'by_type', 'event_types', 'events') || {};
  return {
    start: startMs,
    seconds: windowSeconds(w, sizeHint),
    byType: typeof byType === 'object' ? byType : {},
    closed: w.closed !== false,
    players: num(pick(w, 'active_players', 'players', 'distinct_players')),
    sessions: num(pick(w, 'sessions_started', 'sessions')),
    crashes: num(pick(w, 'crashes', 'crash_count')),
    fps: fpsOf(w),
  };
}

function windowSeconds(w, sizeHint) {
  const end = pick(w, 'end', 'window_end', 'end_ms', 'to');
  const start = pick(w, 'start', 'window_start', 'start_ms', 'from');
  if (typeof end === 'number' && typeof start === 'number' && end > start) return (end - start) / 1000;
  return durationSeconds(pick(w, 'window_seconds', 'size_seconds', 'seconds', 'window', 'size', 'duration') ?? sizeHint);
}

/** "10s", "1m", "PT10S", 10 (seconds) or 10000 (millis) → seconds. */
export function durationSeconds(d) {
  if (typeof d === 'number') return d >= 1000 ? d / 1000 : d;
  if (typeof d !== 'string') return 10;
  const m = /^(?:PT)?(\d+(?:\.\d+)?)\s*(ms|s|m|min|h)?$/i.exec(d.trim());
  if (!m) return 10;
  const unit = (m[2] || 's').toLowerCase();
  return Number(m[1]) * ({ ms: 0.001, s: 1, m: 60, min: 60, h: 3600 }[unit]);
}

function fpsOf(w) {
  const f = pick(w, 'fps', 'fps_quantiles');
  if (f && typeof f === 'object') {
    return { p50: num(pick(f, 'p50', 'median')), p90: num(pick(f, 'p90')), p99: num(pick(f, 'p99')) };
  }
  return { p50: num(w.fps_p50), p90: num(w.fps_p90), p99: num(w.fps_p99) };
}

function num(v) {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : null;
}

/** Every window object in a /v1/live answer (an array, {windows: […]}, or {"10s": […], "1m": […]}). */
export function windowsOf(body) {
  if (Array.isArray(body)) return body.map((w) => [w, undefined]);
  if (!body || typeof body !== 'object') return [];
  if (Array.isArray(body.windows)) return body.windows.map((w) => [w, undefined]);
  if (body.windows && typeof body.windows === 'object') return windowsOf(body.windows);
  const out = [];
  for (const [k, v] of Object.entries(body)) {
    if (Array.isArray(v)) out.push(...v.map((w) => [w, k]));
    else if (v && typeof v === 'object' && Array.isArray(v.windows)) out.push(...v.windows.map((w) => [w, k]));
  }
  if (out.length === 0 && pick(body, 'start', 'window_start')) out.push([body, undefined]);
  return out;
}

export function mount(root) {
  const error = errorBox('live-error');
  const status = h('span', { class: 'badge', id: 'live-status' }, 'connecting…');
  const kpis = h('div', { class: 'kpis', id: 'live-kpis' });
  const rate = timeChart('chart-rate', 'Events per second by type', { stacked: true, yTitle: 'events/s' });
  const players = timeChart('chart-players', 'Active players');
  const crashes = timeChart('chart-crashes', 'Crashes', { type: 'bar' });
  const fps = timeChart('chart-fps', 'Frames per second');
  const alertList = h('ul', { class: 'alerts', id: 'live-alerts' }, h('li', { class: 'muted' }, 'No alerts yet.'));
  root.append(
    h('div', { class: 'row' }, h('h1', {}, 'Live'), status),
    error.element,
    kpis,
    h('div', { class: 'charts' }, rate.element, players.element, crashes.element, fps.element),
    h('div', { class: 'card' }, h('h3', {}, 'Alerts'), alertList),
  );

  const points = new Map(); // window start → normalised window, smallest window size only
  let updates = 0;
  let smallest = Infinity;
  const add = (raw, hint) => {
    const w = normalizeWindow(raw, hint);
    if (!w) return;
    if (w.seconds < smallest) {
      smallest = w.seconds;
      points.clear();
    }
    if (w.seconds !== smallest) return;
    points.set(w.start, w);
    while (points.size > MAX_POINTS) points.delete(Math.min(...points.keys()));
  };
  const redraw = () => {
    updates += 1;
    root.dataset.updates = String(updates);
    root.dataset.points = String(points.size);
    draw([...points.values()].sort((a, b) => a.start - b.start), { rate, players, crashes, fps, kpis });
  };
  const load = async () => {
    try {
      const body = await json('/v1/live', { params: { n: MAX_POINTS } });
      for (const [w, hint] of windowsOf(body)) add(w, hint);
      redraw();
    } catch (e) {
      error.show(e);
    }
  };
  const loadAlerts = async () => {
    try {
      const body = await json('/v1/alerts');
      const list = Array.isArray(body) ? body : (body && (body.alerts || body.fired)) || [];
      showAlerts(alertList, list);
    } catch (e) {
      error.show(e);
    }
  };

  let poll = null;
  // The stream sends 'window' (a window as it closes) and 'open' (the open windows, twice a second).
  const stop = stream('/v1/live/stream', {}, (m) => {
    for (const [w, hint] of windowsOf(m.data)) add(w, hint);
    redraw();
    if (m.event === 'window') loadAlerts(); // rules are checked as windows close
  }, (s) => {
    if (s === 'open') {
      error.clear();
      status.textContent = 'live · streaming';
      status.className = 'badge ok';
      clearInterval(poll);
      poll = null;
    } else {
      status.textContent = s === 'closed' ? 'stream closed · reconnecting' : 'stream down · polling every 2 s';
      status.className = 'badge warn';
      if (s !== 'closed') error.show(s);
      if (!poll) poll = setInterval(load, 2000);
    }
  });
  load();
  loadAlerts();
  const alertTimer = setInterval(loadAlerts, 5000);
  return () => {
    stop();
    clearInterval(poll);
    clearInterval(alertTimer);
    for (const c of [rate, players, crashes, fps]) c.chart && c.chart.destroy();
  };
}

function draw(ws, { rate, players, crashes, fps, kpis }) {
  const labels = ws.map((w) => new Date(w.start).toISOString().slice(11, 19));
  const totals = {};
  for (const w of ws) for (const [t, n] of Object.entries(w.byType)) totals[t] = (totals[t] || 0) + Number(n);
  const types = Object.keys(totals).sort((a, b) => totals[b] - totals[a]);
  const shown = types.slice(0, TOP_TYPES);
  const series = {};
  for (const t of shown) series[t] = ws.map((w) => round((Number(w.byType[t]) || 0) / elapsed(w)));
  if (types.length > TOP_TYPES) {
    series.other = ws.map((w) => round(types.slice(TOP_TYPES)
      .reduce((s, t) => s + (Number(w.byType[t]) || 0), 0) / elapsed(w)));
  }
  setSeries(rate.chart, labels, series, { fill: true });
  setSeries(players.chart, labels, { 'active players': ws.map((w) => w.players) });
  setSeries(crashes.chart, labels, { crashes: ws.map((w) => w.crashes) });
  setSeries(fps.chart, labels, { median: ws.map((w) => w.fps.p50), p90: ws.map((w) => w.fps.p90),
    p99: ws.map((w) => w.fps.p99) });

  // Tiles show the newest closed window (the open one is still filling), or the open one before any closed.
  const closed = ws.filter((w) => w.closed);
  const last = closed.length ? closed[closed.length - 1] : ws[ws.length - 1];
  const total = last ? Object.values(last.byType).reduce((s, n) => s + Number(n), 0) : null;
  kpis.replaceChildren(
    kpi('kpi-rate', 'events / s', last ? round(total / last.seconds) : null),
    kpi('kpi-players', 'active players', last && last.players),
    kpi('kpi-crashes', `crashes (${last ? last.seconds : 10} s)`, last && last.crashes),
    kpi('kpi-fps', 'median fps', last && last.fps.p50 !== null ? round(last.fps.p50) : null),
    kpi('kpi-window', `window of ${last ? last.seconds : 10} s from (UTC)`, last ? time(last.start).slice(11, 19) : null),
  );
}

/** Seconds a window has been filling: its size once closed; for the open one, the time since its start. */
function elapsed(w) {
  if (w.closed) return w.seconds;
  return Math.min(w.seconds, Math.max(1, (Date.now() - w.start) / 1000));
}

function kpi(id, label, value) {
  return h('div', { class: 'kpi', id }, h('div', { class: 'kpi-value' }, value === null || value === undefined ? '–' : cell(value)),
    h('div', { class: 'kpi-label' }, label));
}

function round(x) {
  return Math.round(x * 10) / 10;
}

function alertItem(a) {
  const when = pick(a, 'fired_at', 'time', 'at', 'timestamp', 'window_start');
  const name = pick(a, 'rule', 'name', 'alert') ?? 'alert';
  const detail = pick(a, 'message', 'description') ??
    [pick(a, 'metric'), pick(a, 'value'), pick(a, 'comparison', 'op'), pick(a, 'threshold')]
      .filter((x) => x !== undefined).map(cell).join(' ');
  return h('li', { class: 'alert-item' }, h('b', {}, typeof name === 'object' ? JSON.stringify(name) : name),
    ' ', h('span', { class: 'muted' }, time(when)), ' ', detail);
}

function showAlerts(list, alerts) {
  if (alerts.length === 0) return;
  list.replaceChildren(...alerts.slice(0, 50).map(alertItem));
}
