// Pipeline: each stage's throughput and lag, lake files, warehouse loads and failed events, from GET /v1/pipeline,
// plus samples of failed events from GET /v1/failed. Refreshed every 3 s while the page is open.
import { json } from '../api.js';
import { h, errorBox, table, cell, time } from '../ui.js';

const REFRESH_MS = 3000;
const FAILED_SAMPLE = 200;

export function mount(root) {
  const error = errorBox('pipeline-error');
  const failedError = errorBox('failed-error');
  const stamp = h('span', { class: 'muted', id: 'pipeline-updated' });
  const body = h('div', { id: 'pipeline-body', class: 'sections' });
  const failed = h('div', { id: 'failed-body' });
  root.append(
    h('div', { class: 'row' }, h('h1', {}, 'Pipeline'), stamp),
    error.element,
    body,
    h('div', { class: 'card' }, h('h3', {}, `Failed events by reason (newest ${FAILED_SAMPLE})`), failedError.element, failed),
  );
  const refresh = async () => {
    try {
      const p = await json('/v1/pipeline');
      error.clear();
      body.replaceChildren(...sections(p));
      stamp.textContent = `updated ${time(Date.now())}`;
    } catch (e) {
      error.show(e);
    }
    try {
      const f = await json('/v1/failed', { params: { limit: FAILED_SAMPLE } });
      failedError.clear();
      failed.replaceChildren(byReason(Array.isArray(f) ? f : (f && f.failed) || []));
    } catch (e) {
      failedError.show(e);
    }
  };
  refresh();
  const timer = setInterval(refresh, REFRESH_MS);
  return () => clearInterval(timer);
}

/** Groups rejected events by reason: how many among the newest, when last, and the newest one as a sample. */
function byReason(list) {
  if (list.length === 0) return h('p', { class: 'muted', id: 'failed-none' }, 'No failed events.');
  const groups = new Map();
  for (const f of list) {
    const key = `${f.reason}\u0000${f.field ?? ''}`;
    if (!groups.has(key)) groups.set(key, { reason: f.reason, field: f.field, count: 0, last: f.received_at, sample: f.raw });
    groups.get(key).count += 1;
  }
  const rows = [...groups.values()].sort((a, b) => b.count - a.count)
    .map((g) => [g.reason, g.field ?? '', g.count, time(g.last), h('code', {}, display('raw', g.sample))]);
  return scroll(table(['reason', 'field', 'count', 'last', 'sample'], rows, { id: 'failed-table' }));
}

/** One card per top-level field of the pipeline answer, in the order the server sends them. */
function sections(p) {
  if (!p || typeof p !== 'object') return [h('pre', {}, JSON.stringify(p))];
  return Object.entries(p).map(([k, v]) => h('div', { class: 'card', id: `pipeline-${k}` },
    h('h3', {}, k.replace(/_/g, ' ')), render(k, v)));
}

/** Renders any JSON value readably: arrays of objects and maps of objects as tables, flat objects as key/value. */
export function render(name, v) {
  if (Array.isArray(v)) {
    if (v.length === 0) return h('p', { class: 'muted' }, 'none');
    if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const cols = [...new Set(v.flatMap((x) => Object.keys(x)))];
      return scroll(table(cols, v.map((x) => cols.map((c) => display(c, x[c])))));
    }
    return h('p', {}, v.map(cell).join(', '));
  }
  if (v && typeof v === 'object') {
    const entries = Object.entries(v);
    if (entries.length === 0) return h('p', { class: 'muted' }, 'none');
    if (entries.every(([, x]) => x && typeof x === 'object' && !Array.isArray(x))) {
      const cols = ordered([...new Set(entries.flatMap(([, x]) => Object.keys(x)))]);
      return scroll(table([name === 'stages' ? 'stage' : 'name', ...cols],
        entries.map(([k, x]) => [k, ...cols.map((c) => display(c, x[c]))])));
    }
    return table(['metric', 'value'], entries.map(([k, x]) => [k, display(k, x)]));
  }
  return h('p', {}, cell(v));
}

// Stage metrics read best in the order data flows: in, rate, out, trouble, backlog, batches.
const ORDER = ['received', 'received_per_s', 'written', 'failed', 'dropped', 'lag', 'batches', 'batch_mean_ms',
  'batch_max_ms'];

function ordered(cols) {
  const rank = (c) => (ORDER.includes(c) ? ORDER.indexOf(c) : ORDER.length);
  return cols.slice().sort((a, b) => rank(a) - rank(b));
}

function display(key, v) {
  if (typeof v === 'number' && /(^|_)(at|time|ms_epoch)$/.test(key) && v > 1e12) return time(v);
  if (typeof v === 'string' && key === 'raw' && v.length > 160) return `${v.slice(0, 160)}…`;
  return v;
}

function scroll(e) {
  return h('div', { class: 'scroll' }, e);
}
