// Cronstone console: a hash-routed single page over the HTTP API.
//   #/                 the job grid
//   #/jobs/<id>        one job: spec, upcoming fires, run history (?status=&cursor=)
//   #/runs/<id>/<no>   one run: phase, progress, live events
//   #/new              the editor, creating a store-owned job
//   #/jobs/<id>/edit   the editor of a store-owned job
import { ApiError, Unauthorized, token } from './api.js';
import { fill, h, tickCountdowns } from './dom.js';
import { editorView } from './editor.js';
import { gridView } from './grid.js';
import { jobView } from './job.js';
import { runView } from './run.js';

const view = document.getElementById('view');
const status = document.getElementById('status');
const signOut = document.getElementById('sign-out');

const routes = [
  [/^\/?$/, () => gridView],
  [/^\/jobs\/([^/]+)$/, () => jobView],
  [/^\/new$/, () => editorView],
  [/^\/jobs\/([^/]+)\/edit$/, () => editorView],
  [/^\/runs\/([^/]+)\/(\d+)$/, () => runView],
];

let current = null; // { controller, timers }

/** Says something to screen readers (and shows it briefly). */
let clearing = null;
export function announce(message) {
  status.textContent = '';
  clearTimeout(clearing);
  // set after a pause, so that repeating the same message is announced again
  setTimeout(() => (status.textContent = message), 30);
  clearing = setTimeout(() => (status.textContent = ''), 6000);
}

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/';
  const [path, query = ''] = raw.split('?');
  return { path, params: new URLSearchParams(query) };
}

async function render() {
  leave();
  signOut.hidden = !token.get();
  if (!token.get()) {
    tokenForm();
    return;
  }
  const { path, params } = parseHash();
  const match = routes.map(([re, v]) => [path.match(re), v]).find(([m]) => m);
  if (!match) {
    fill(view, h('h1', {}, 'Not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the jobs')));
    return;
  }
  const [m, load] = match;
  const controller = new AbortController();
  const timers = [];
  current = { controller, timers };
  const ctx = {
    view,
    params,
    signal: controller.signal,
    announce,
    navigate: (hash) => (location.hash = hash),
    every: (ms, fn) => timers.push(setInterval(fn, ms)),
    later: (ms, fn) => timers.push(setTimeout(fn, ms)),
    fail: (error) => failed(error),
    problem: (error) => problem(error),
  };
  try {
    await load()(ctx, ...m.slice(1).map(decodeURIComponent));
  } catch (error) {
    failed(error);
  }
}

function leave() {
  if (!current) return;
  current.controller.abort();
  current.timers.forEach((t) => {
    clearInterval(t);
    clearTimeout(t);
  });
  current = null;
}

/** Any error of a view: a refused token asks for a new one; the rest shows the API's envelope. */
function failed(error) {
  if (error?.name === 'AbortError') return;
  if (error instanceof Unauthorized) {
    leave();
    tokenForm(error.message);
    return;
  }
  const code = error instanceof ApiError ? error.code : 'console_error';
  fill(
    view,
    h('h1', {}, 'Something went wrong'),
    h(
      'div',
      { class: 'alert', role: 'alert' },
      h('p', {}, h('strong', {}, code), ': ', error?.message || String(error)),
      error?.details?.length
        ? h('ul', {}, error.details.map((d) => h('li', {}, `${d.path}: ${d.problem}`)))
        : null,
    ),
    h('p', {}, h('a', { href: '#/' }, 'Back to the jobs')),
  );
}

/** An action that failed (a button): an alert above the page, which stays as it is. */
function problem(error) {
  if (error instanceof Unauthorized || error?.name === 'AbortError') return failed(error);
  document.getElementById('action-error')?.remove();
  const close = h('button', { type: 'button', class: 'link', 'aria-label': 'Dismiss the error' }, 'Dismiss');
  const box = h(
    'div',
    { id: 'action-error', class: 'alert', role: 'alert' },
    h('p', {}, h('strong', {}, error instanceof ApiError ? error.code : 'console_error'), ': ', error?.message || String(error)),
    close,
  );
  close.addEventListener('click', () => box.remove());
  view.prepend(box);
}

function tokenForm(reason) {
  signOut.hidden = true;
  const input = h('input', {
    id: 'token',
    name: 'token',
    type: 'password',
    autocomplete: 'off',
    spellcheck: 'false',
    required: true,
    'aria-describedby': 'token-help',
  });
  const form = h(
    'form',
    {
      class: 'token-form',
      'aria-labelledby': 'token-title',
      onsubmit: (e) => {
        e.preventDefault();
        const value = input.value.trim();
        if (!value) return;
        token.set(value);
        announce('Token saved for this browser tab');
        render();
      },
    },
    h('h1', { id: 'token-title' }, 'Sign in'),
    reason ? h('p', { class: 'alert', role: 'alert' }, reason + '. Enter it again.') : null,
    h('label', { for: 'token' }, 'API token'),
    input,
    h(
      'p',
      { id: 'token-help', class: 'muted' },
      'The bearer token of this node (api.token, $JOBS_API_TOKEN, or the file the node printed at start). ',
      'It is kept in this tab’s session storage only and sent in the Authorization header.',
    ),
    h('button', { type: 'submit', class: 'primary' }, 'Continue'),
  );
  fill(view, form);
  input.focus();
}

signOut.addEventListener('click', () => {
  token.clear();
  announce('Token forgotten');
  render();
});

window.addEventListener('hashchange', () => {
  render();
  view.focus({ preventScroll: true });
});
setInterval(() => tickCountdowns(view), 1000);
render();
