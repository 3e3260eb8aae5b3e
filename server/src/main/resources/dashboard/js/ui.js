// Small DOM helpers shared by the pages. No framework: pages build elements with h() and replace them.

/** Creates an element: h('div', {class: 'x', onclick: f}, child, 'text', …). */
export function h(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
    else if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

/** An error box that pages put where the user looks; show(err) reveals it, clear() hides it. */
export function errorBox(id) {
  const box = h('div', { class: 'error', role: 'alert', id, hidden: true });
  return {
    element: box,
    show(err) {
      box.textContent = err && err.message ? err.message : String(err);
      box.hidden = false;
      if (err && !err.status) console.error(err);
    },
    clear() {
      box.hidden = true;
      box.textContent = '';
    },
  };
}

/** A labelled form field. */
export function field(label, input) {
  return h('label', { class: 'field' }, h('span', {}, label), input);
}

/** A table of columns and rows; cells that are objects are shown as JSON. */
export function table(columns, rows, { onRowClick, id } = {}) {
  const head = h('tr', {}, columns.map((c) => h('th', {}, c)));
  const body = rows.map((r, i) => h('tr', onRowClick ? { class: 'clickable', onclick: () => onRowClick(i) } : {},
    r.map((v) => h('td', { class: typeof v === 'number' ? 'num' : '' }, v instanceof Node ? v : cell(v)))));
  return h('table', { class: 'grid', id }, h('thead', {}, head), h('tbody', {}, body));
}

export function cell(v) {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en') : v.toLocaleString('en', { maximumFractionDigits: 3 });
  return String(v);
}

/** Formats epoch millis or an ISO string as UTC "yyyy-mm-dd hh:mm:ss". */
export function time(t) {
  if (t === null || t === undefined || t === '') return '';
  const d = new Date(typeof t === 'number' ? t : Date.parse(t));
  return Number.isNaN(d.getTime()) ? String(t) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** The value of a <input type=datetime-local> (taken as UTC) as an ISO-8601 instant, or '' when empty. */
export function isoFromLocalInput(value) {
  if (!value) return '';
  const d = new Date(`${value.length === 16 ? `${value}:00` : value}Z`);
  return Number.isNaN(d.getTime()) ? value : d.toISOString();
}

/** Splits "a, b c" into ["a", "b", "c"]. */
export function words(text) {
  return (text || '').split(/[\s,]+/).filter(Boolean);
}

/** Reads a nested field by trying several names, e.g. pick(o, 'active_players', 'players'). */
export function pick(o, ...names) {
  if (!o || typeof o !== 'object') return undefined;
  for (const n of names) {
    if (o[n] !== undefined && o[n] !== null) return o[n];
  }
  return undefined;
}
