// Entry point: sign-in, hash routing between pages, sign-out. Each page module exports
// mount(container) and returns a function that stops its timers and streams when the user leaves it.
import { json, session } from './api.js';
import * as live from './pages/live.js';
import * as pipeline from './pages/pipeline.js';
import * as explore from './pages/explore.js';
import * as heatmaps from './pages/heatmaps.js';
import * as sql from './pages/sql.js';

const PAGES = { live, pipeline, explore, heatmaps, sql };
const $ = (id) => document.getElementById(id);
let unmount = () => {};
let principal = null;

async function signIn(key) {
  principal = await json('/v1/whoami', { key });
  session.setKey(key);
  showSignedIn();
}

function showSignedIn() {
  $('sign-in').hidden = true;
  $('nav').hidden = false;
  $('who').hidden = false;
  const admin = principal.kind === 'admin';
  $('app-picker').hidden = !admin;
  $('app-name').value = session.app();
  $('who-text').textContent = admin ? `admin key ${principal.key_id}` : `${principal.app} · ${principal.kind}`;
  route();
}

function showSignIn(message) {
  unmount();
  unmount = () => {};
  principal = null;
  $('page').replaceChildren();
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-in').hidden = false;
  const err = $('sign-in-error');
  err.hidden = !message;
  err.textContent = message || '';
  $('key').focus();
}

function route() {
  if (!principal) return;
  const name = (location.hash.replace(/^#\/?/, '').split('?')[0]) || 'live';
  const page = PAGES[name] || live;
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.page === name);
  unmount();
  const container = document.createElement('section');
  container.id = `page-${name in PAGES ? name : 'live'}`;
  container.className = 'page';
  $('page').replaceChildren(container);
  unmount = page.mount(container, principal) || (() => {});
}

$('sign-in-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  const key = $('key').value.trim();
  $('sign-in-error').hidden = true; // the answer to this attempt replaces any earlier message
  try {
    await signIn(key);
    $('key').value = '';
  } catch (err) {
    showSignIn(err.status === 401 || err.status === 403 ? `Not signed in: ${err.message}` : err.message);
  }
});

$('sign-out').addEventListener('click', () => {
  session.clear();
  location.hash = '';
  showSignIn('Signed out.');
});

$('app-name').addEventListener('change', (e) => {
  session.setApp(e.target.value.trim());
  route();
});

window.addEventListener('hashchange', route);

// A key kept in this tab's session is checked again on load: it may have been revoked since.
if (session.key()) {
  signIn(session.key()).catch((err) => {
    session.clear();
    showSignIn(`Signed out: ${err.message}`);
  });
} else {
  showSignIn();
}
