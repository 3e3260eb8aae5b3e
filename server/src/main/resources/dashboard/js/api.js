// Talks to the QuestLog HTTP API with the signed-in key. Every failure becomes an ApiError whose message is the
// server's {"error": …} text, so pages can show it instead of swallowing it.

const KEY = 'questlog.key';
const APP = 'questlog.app';

export class ApiError extends Error {
  constructor(status, message, path) {
    super(status ? `${message} (HTTP ${status} from ${path})` : `${message} (${path})`);
    this.status = status;
    this.path = path;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  setKey: (k) => sessionStorage.setItem(KEY, k),
  /** The app an admin key acts on (analyst keys are bound to their own app). */
  app: () => sessionStorage.getItem(APP) || '',
  setApp: (a) => (a ? sessionStorage.setItem(APP, a) : sessionStorage.removeItem(APP)),
  clear: () => { sessionStorage.removeItem(KEY); sessionStorage.removeItem(APP); },
};

/** Builds "path?query" from an object; arrays become repeated parameters, empty values are left out. */
export function url(path, params = {}) {
  const q = new URLSearchParams();
  const all = { ...params };
  if (session.app() && all.app === undefined) all.app = session.app();
  for (const [k, v] of Object.entries(all)) {
    for (const one of Array.isArray(v) ? v : [v]) {
      if (one !== undefined && one !== null && one !== '') q.append(k, String(one));
    }
  }
  const s = q.toString();
  return s ? `${path}?${s}` : path;
}

function headers(extra = {}, key = session.key()) {
  const h = { ...extra };
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

async function failure(res, path) {
  let message = res.statusText || 'request failed';
  const text = await res.text().catch(() => '');
  try {
    const body = JSON.parse(text);
    if (body && body.error) message = body.error;
  } catch {
    if (text) message = text.slice(0, 300);
  }
  return new ApiError(res.status, message, path);
}

async function send(path, options) {
  let res;
  try {
    res = await fetch(path, options);
  } catch (e) {
    throw new ApiError(0, `cannot reach the server: ${e.message}`, path);
  }
  if (!res.ok) throw await failure(res, path);
  return res;
}

/** GET or POST JSON; resolves to the parsed body. `key` overrides the session key (used while signing in). */
export async function json(path, { method = 'GET', body, params, key } = {}) {
  const full = url(path, params);
  const init = { method, headers: headers({ Accept: 'application/json' }, key ?? session.key()) };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const res = await send(full, init);
  const text = await res.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    throw new ApiError(res.status, `answer is not JSON: ${text.slice(0, 200)}`, full);
  }
}

/** GET a binary body (e.g. a PNG) as a Blob. */
export async function blob(path, params) {
  const full = url(path, params);
  const res = await send(full, { headers: headers() });
  return res.blob();
}

/**
 * Follows a server-sent-events stream with the bearer key (EventSource cannot send headers, so this reads the
 * stream with fetch). Calls onMessage({event, data}) per message, data parsed as JSON when it is JSON, and
 * onStatus('open' | 'closed' | ApiError). Reconnects after a pause until the returned function is called.
 */
export function stream(path, params, onMessage, onStatus) {
  const abort = new AbortController();
  let stopped = false;
  const loop = async () => {
    while (!stopped) {
      try {
        const res = await send(url(path, params),
          { headers: headers({ Accept: 'text/event-stream' }), signal: abort.signal });
        onStatus('open');
        await readEvents(res.body, onMessage);
        if (!stopped) onStatus('closed');
      } catch (e) {
        if (stopped) return;
        onStatus(e instanceof ApiError ? e : new ApiError(0, e.message, path));
      }
      await new Promise((r) => setTimeout(r, 2000));
    }
  };
  loop();
  return () => { stopped = true; abort.abort(); };
}

async function readEvents(body, onMessage) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let cut;
    while ((cut = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, cut);
      buffer = buffer.slice(cut + 2);
      const message = parseBlock(block);
      if (message) onMessage(message);
    }
  }
}

function parseBlock(block) {
  let event = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    if (field === 'event') event = value;
    else if (field === 'data') data.push(value);
  }
  if (data.length === 0) return null;
  const text = data.join('\n');
  try {
    return { event, data: JSON.parse(text) };
  } catch {
    return { event, data: text };
  }
}
