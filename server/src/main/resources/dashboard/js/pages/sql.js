// SQL over the warm store: POST /v1/sql {"sql": …} → {"columns": […], "rows": [[…]]}; result table, CSV download.
import { json, session } from '../api.js';
import { h, errorBox, table } from '../ui.js';

const DEFAULT_SQL = 'SELECT event_type, count(*) AS events, count(DISTINCT client_id) AS players\n'
  + 'FROM events\nGROUP BY event_type\nORDER BY events DESC';
const SAVED = 'questlog.sql';

export function mount(root) {
  const box = h('textarea', { id: 'sql-text', rows: 8, spellcheck: 'false' });
  box.value = sessionStorage.getItem(SAVED) || DEFAULT_SQL;
  const run = h('button', { id: 'sql-run', type: 'submit' }, 'Run');
  const csv = h('button', { id: 'sql-csv', type: 'button', disabled: true }, 'Download CSV');
  const status = h('span', { class: 'muted', id: 'sql-status' });
  const error = errorBox('sql-error');
  const out = h('div', { class: 'scroll', id: 'sql-result' });
  let last = null;

  const execute = async () => {
    error.clear();
    sessionStorage.setItem(SAVED, box.value);
    run.disabled = true;
    status.textContent = 'running…';
    const started = performance.now();
    try {
      // An admin key names the app in the body; an analyst key's app is its own.
      const body = session.app() ? { sql: box.value, app: session.app() } : { sql: box.value };
      last = await json('/v1/sql', { method: 'POST', body });
      const ms = Math.round(performance.now() - started);
      status.textContent = `${last.rows.length} row${last.rows.length === 1 ? '' : 's'} in ${ms} ms`;
      out.replaceChildren(table(last.columns, last.rows, { id: 'sql-table' }));
      csv.disabled = false;
    } catch (e) {
      status.textContent = '';
      error.show(e);
    } finally {
      run.disabled = false;
    }
  };

  box.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      execute();
    }
  });
  csv.addEventListener('click', () => last && download(toCsv(last), 'questlog-query.csv'));

  root.append(
    h('h1', {}, 'SQL'),
    h('p', { class: 'muted' }, 'Read-only SQL over the warm store (table ', h('code', {}, 'events'),
      '), scoped to your key\'s app. Ctrl+Enter runs.'),
    h('form', { class: 'card', onsubmit: (e) => { e.preventDefault(); execute(); } },
      box, h('div', { class: 'row' }, run, csv, status)),
    error.element,
    out,
  );
  return () => {};
}

/** RFC 4180 CSV: fields with a comma, quote or newline are quoted, quotes doubled. */
export function toCsv({ columns, rows }) {
  const esc = (v) => {
    if (v === null || v === undefined) return '';
    const s = typeof v === 'object' ? JSON.stringify(v) : String(v);
    return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  return [columns, ...rows].map((r) => r.map(esc).join(',')).join('\r\n') + '\r\n';
}

function download(text, name) {
  const href = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = h('a', { href, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10000);
}
