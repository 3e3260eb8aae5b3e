// Heatmaps: GET /v1/heatmap twice with the same filters, format=png for the picture and format=json for its bins
// (pixel centres px/py in that PNG), so hovering the picture shows the count of the bin under the mouse.
import { blob, json, session } from '../api.js';
import { h, errorBox, field, words, isoFromLocalInput, cell } from '../ui.js';

const SAVED = 'questlog.heatmap';

export function mount(root) {
  const saved = JSON.parse(sessionStorage.getItem(SAVED) || '{}');
  const input = (id, attrs = {}) => {
    const e = h('input', { id: `heatmap-${id}`, ...attrs });
    if (saved[id] !== undefined) e.value = saved[id];
    return e;
  };
  const select = (id, options) => {
    const e = h('select', { id: `heatmap-${id}` }, options.map((o) => h('option', { value: o }, o)));
    if (saved[id]) e.value = saved[id];
    return e;
  };
  const f = {
    level: input('level', { placeholder: 'e.g. dust_valley', required: true, list: 'heatmap-levels' }),
    event_type: input('event_type', { placeholder: 'player_death' }),
    from: input('from', { type: 'datetime-local', step: 1 }),
    to: input('to', { type: 'datetime-local', step: 1 }),
    bins: select('bins', ['hex', 'square']),
    mode: select('mode', ['count', 'balance', 'compare']),
    versus: input('versus', { placeholder: 'e.g. player_death' }),
    app_version: input('app_version', { placeholder: 'any' }),
    versus_version: input('versus_version', { placeholder: 'compare only' }),
  };
  if (!f.event_type.value) f.event_type.value = 'player_death';
  const error = errorBox('heatmap-error');
  const img = h('img', { id: 'heatmap-image', alt: 'heatmap' });
  const tip = h('div', { class: 'tip', id: 'heatmap-tip', hidden: true });
  const info = h('div', { class: 'muted', id: 'heatmap-info' });
  const levels = h('datalist', { id: 'heatmap-levels' });
  const levelsNote = h('span', { class: 'muted', id: 'heatmap-levels-note', hidden: true });
  const stage = h('div', { class: 'heatmap-stage', hidden: true }, img, tip);
  let bins = [];
  let radius = 10;

  const params = () => ({
    level: f.level.value.trim(), event_type: words(f.event_type.value),
    from: isoFromLocalInput(f.from.value), to: isoFromLocalInput(f.to.value), bins: f.bins.value,
    mode: f.mode.value, versus: f.mode.value === 'balance' ? words(f.versus.value) : '',
    app_version: f.app_version.value.trim(),
    versus_version: f.mode.value === 'compare' ? f.versus_version.value.trim() : '',
  });

  const render = async () => {
    error.clear();
    sessionStorage.setItem(SAVED, JSON.stringify(Object.fromEntries(Object.entries(f).map(([k, e]) => [k, e.value]))));
    const p = params();
    try {
      const [png, meta] = await Promise.all([blob('/v1/heatmap', { ...p, format: 'png' }),
        json('/v1/heatmap', { params: { ...p, format: 'json' } })]);
      if (img.src) URL.revokeObjectURL(img.src);
      img.src = URL.createObjectURL(png);
      await img.decode().catch(() => {});
      bins = meta.bins || [];
      radius = hoverRadius(meta);
      stage.hidden = false;
      root.dataset.bins = String(bins.length);
      const total = meta.total_a ?? bins.reduce((s, b) => s + (b.count || 0), 0);
      info.textContent = `${meta.level || p.level}: ${cell(total)} events in ${bins.length} ${meta.bins_shape || p.bins}`
        + ` bins${meta.bin_size ? ` of ${cell(meta.bin_size)} world units` : ''} · mode ${meta.mode || p.mode}`
        + (meta.mode && meta.mode !== 'count' ? ` · B total ${cell(meta.total_b)}` : '');
    } catch (e) {
      error.show(e);
    }
  };

  img.addEventListener('mousemove', (e) => {
    const rect = img.getBoundingClientRect();
    const x = (e.clientX - rect.left) * (img.naturalWidth / rect.width);
    const y = (e.clientY - rect.top) * (img.naturalHeight / rect.height);
    const b = nearest(bins, x, y, radius);
    if (!b) {
      tip.hidden = true;
      return;
    }
    tip.hidden = false;
    tip.style.left = `${e.clientX - rect.left + 14}px`;
    tip.style.top = `${e.clientY - rect.top + 14}px`;
    const lines = [h('b', {}, `${cell(b.count)} event${b.count === 1 ? '' : 's'}`)];
    if (b.count_b !== undefined) lines.push(h('div', {}, `B: ${cell(b.count_b)} · value ${cell(b.value)}`));
    lines.push(h('div', { class: 'muted' }, `bin centre x ${Math.round(b.x)}, y ${Math.round(b.y)}`));
    tip.replaceChildren(...lines);
  });
  img.addEventListener('mouseleave', () => { tip.hidden = true; });

  // Filters in a side column, so the map gets the full height of a laptop screen.
  root.append(h('div', { class: 'heatmaps' },
    h('form', { class: 'card side', id: 'heatmap-form', onsubmit: (e) => { e.preventDefault(); render(); } },
      h('h1', {}, 'Heatmaps'),
      field('Level', f.level), levelsNote, field('Event types', f.event_type), field('From (UTC)', f.from),
      field('To (UTC)', f.to), h('div', { class: 'pair' }, field('Bins', f.bins), field('Mode', f.mode)),
      field('Versus types (balance)', f.versus),
      h('div', { class: 'pair' }, field('Build', f.app_version), field('Versus build', f.versus_version)),
      h('button', { type: 'submit', id: 'heatmap-run' }, 'Render'), levels),
    h('div', { class: 'map' }, error.element, info, stage)));
  loadLevels(levels, levelsNote, f.level, () => render());
  if (f.level.value) render();
  return () => { if (img.src) URL.revokeObjectURL(img.src); };
}

/** Offers the levels seen in the warm tier; picks the busiest one when none is chosen yet and renders it. */
async function loadLevels(list, note, levelInput, render) {
  const sql = 'SELECT level_id, count(*) AS n FROM events WHERE level_id IS NOT NULL GROUP BY level_id ORDER BY n DESC LIMIT 200';
  try {
    const body = session.app() ? { sql, app: session.app() } : { sql };
    const r = await json('/v1/sql', { method: 'POST', body });
    list.replaceChildren(...r.rows.map(([id, n]) => h('option', { value: id }, `${id} (${n} events)`)));
    if (!levelInput.value && r.rows.length) {
      levelInput.value = r.rows[0][0];
      render();
    }
  } catch (e) {
    note.textContent = `Level list unavailable (${e.message}); type a level id.`;
    note.hidden = false;
  }
}

/** Half a bin in PNG pixels: the world bin size scaled by the map's pixels per world unit. */
function hoverRadius(meta) {
  const b = meta.bounds;
  const img = meta.image;
  if (b && img && meta.bin_size && b.max_x > b.min_x) {
    return Math.max(3, (meta.bin_size * img.map_width) / (b.max_x - b.min_x) * 0.6);
  }
  return 12;
}

/** The bin whose pixel centre is nearest to (x, y), if within radius. */
export function nearest(bins, x, y, radius) {
  let best = null;
  let bestD = radius * radius;
  for (const b of bins) {
    const d = (b.px - x) ** 2 + (b.py - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = b;
    }
  }
  return best;
}
