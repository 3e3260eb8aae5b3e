// Explore: hot-tier search (GET /v1/search) with its filters, facet counts by event type, paging by cursor, and
// an event's full JSON on click.
import { json } from '../api.js';
import { h, errorBox, field, time, words, pick } from '../ui.js';

const FILTERS = [
  ['event_type', 'Event types', 'player_death, crash'],
  ['client_id', 'Player (client_id)', ''],
  ['session_id', 'Session', ''],
  ['level', 'Level', ''],
  ['app_version', 'Build', ''],
];

export function mount(root) {
  const inputs = {};
  for (const [name, , placeholder] of FILTERS) inputs[name] = h('input', { id: `search-${name}`, placeholder });
  inputs.q = h('input', { id: 'search-q', placeholder: 'free text over messages, stack traces…' });
  inputs.attrs = h('input', { id: 'search-attrs', placeholder: 'weapon=rifle, mode=ranked' });
  inputs.from = h('input', { id: 'search-from', type: 'datetime-local', step: 1 });
  inputs.to = h('input', { id: 'search-to', type: 'datetime-local', step: 1 });
  inputs.limit = h('select', { id: 'search-limit' }, [50, 100, 200].map((n) => h('option', { value: n }, n)));
  const error = errorBox('search-error');
  const summary = h('div', { class: 'muted', id: 'search-summary' });
  const facets = h('div', { class: 'facets', id: 'search-facets' });
  const results = h('div', { class: 'scroll results', id: 'search-results' });
  const detail = h('pre', { class: 'json', id: 'search-detail' }, 'Click an event to see its full JSON.');
  const more = h('button', { type: 'button', id: 'search-more', hidden: true }, 'Load more');
  let hits = [];
  let cursor = null;

  const params = () => {
    const p = {
      event_type: words(inputs.event_type.value), client_id: inputs.client_id.value.trim(),
      session_id: inputs.session_id.value.trim(), level: inputs.level.value.trim(),
      app_version: inputs.app_version.value.trim(), q: inputs.q.value.trim(), limit: inputs.limit.value,
      from: millis(inputs.from.value), to: millis(inputs.to.value),
    };
    for (const pair of inputs.attrs.value.split(',').map((s) => s.trim()).filter(Boolean)) {
      const eq = pair.indexOf('=');
      if (eq > 0) p[`attr.${pair.slice(0, eq).trim()}`] = pair.slice(eq + 1).trim();
    }
    return p;
  };

  const search = async (append) => {
    error.clear();
    try {
      const p = params();
      if (append && cursor) p.cursor = cursor;
      const r = await json('/v1/search', { params: p });
      const page = pick(r, 'hits', 'events', 'results') || [];
      hits = append ? hits.concat(page) : page;
      cursor = pick(r, 'next_cursor', 'cursor') || null;
      more.hidden = !cursor;
      const total = pick(r, 'total', 'count');
      summary.textContent = `${total ?? hits.length} matching event${total === 1 ? '' : 's'}, showing ${hits.length}`;
      const f = pick(r, 'facets') || {};
      showFacets(facets, f.event_type || pick(r, 'event_types') || {}, inputs.event_type, () => search(false));
      showHits(results, hits, (i) => { detail.textContent = JSON.stringify(hits[i], null, 2); });
      if (!append) detail.textContent = hits.length ? 'Click an event to see its full JSON.' : '';
    } catch (e) {
      error.show(e);
    }
  };
  more.addEventListener('click', () => search(true));

  root.append(
    h('h1', {}, 'Explore'),
    h('form', { class: 'card filters', id: 'search-form', onsubmit: (e) => { e.preventDefault(); search(false); } },
      FILTERS.map(([name, label]) => field(label, inputs[name])),
      field('Text', inputs.q), field('Attributes', inputs.attrs),
      field('From (UTC)', inputs.from), field('To (UTC)', inputs.to), field('Per page', inputs.limit),
      h('div', { class: 'field' }, h('span', {}, '\u00a0'), h('button', { type: 'submit', id: 'search-run' }, 'Search'))),
    error.element,
    h('div', { class: 'explore' },
      h('div', {}, summary, facets, results, more),
      h('div', { class: 'card detail' }, h('h3', {}, 'Event'), detail)),
  );
  search(false);
  return () => {};
}

function millis(local) {
  if (!local) return '';
  const t = Date.parse(`${local.length === 16 ? `${local}:00` : local}Z`);
  return Number.isNaN(t) ? '' : t;
}

function showFacets(box, counts, typeInput, rerun) {
  const entries = Object.entries(counts).sort((a, b) => b[1] - a[1]);
  box.replaceChildren(...entries.map(([type, n]) => h('button', {
    type: 'button', class: 'chip', 'data-type': type, title: 'show only this event type',
    onclick: () => { typeInput.value = type; rerun(); },
  }, type, ' ', h('b', {}, n.toLocaleString('en')))));
}

function showHits(box, hits, onPick) {
  const rows = hits.map((stored, i) => {
    const e = stored.event || stored;
    const t = pick(stored, 'event_time') ?? e.event_timestamp;
    return h('tr', { class: 'clickable', onclick: (ev) => {
      box.querySelectorAll('tr.selected').forEach((r) => r.classList.remove('selected'));
      ev.currentTarget.classList.add('selected');
      onPick(i);
    } },
    h('td', {}, time(t)), h('td', {}, e.event_type), h('td', {}, e.client_id || ''), h('td', {}, e.level_id || ''),
    h('td', { class: 'muted' }, summaryOf(e)));
  });
  box.replaceChildren(h('table', { class: 'grid', id: 'search-table' },
    h('thead', {}, h('tr', {}, ['time (UTC)', 'type', 'player', 'level', 'details'].map((c) => h('th', {}, c)))),
    h('tbody', {}, rows)));
}

const ENVELOPE = new Set(['event_id', 'event_type', 'event_timestamp', 'event_version', 'app_name', 'app_version',
  'client_id', 'session_id', 'level_id', 'sent_at']);

function summaryOf(e) {
  const rest = Object.entries(e).filter(([k]) => !ENVELOPE.has(k) && !k.startsWith('position_'));
  const s = rest.map(([k, v]) => `${k}=${typeof v === 'object' ? JSON.stringify(v) : v}`).join(' ');
  return s.length > 120 ? `${s.slice(0, 120)}…` : s;
}
