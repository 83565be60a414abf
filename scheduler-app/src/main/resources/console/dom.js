// Small DOM and formatting helpers. Text always goes in as text nodes, never as HTML.

/** Creates an element: h('a', {href: '#/'}, 'Jobs'). Attributes named on* add listeners. */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value == null || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child == null || child === false) continue;
    el.append(child instanceof Node ? child : String(child));
  }
}

/** Replaces an element's children. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

/** A status badge: <span class="badge s-failed">failed</span>. */
export function badge(text, kind = text) {
  return h('span', { class: `badge s-${String(kind).replace(/[^a-z_]/g, '')}` }, text);
}

/** Words for a duration in milliseconds: "2 h 05 min", "3 min 07 s", "12 s". */
export function spell(ms) {
  const total = Math.max(0, Math.round(ms / 1000));
  const d = Math.floor(total / 86400);
  const hours = Math.floor((total % 86400) / 3600);
  const min = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n) => String(n).padStart(2, '0');
  if (d > 0) return `${d} d ${hours} h`;
  if (hours > 0) return `${hours} h ${two(min)} min`;
  if (min > 0) return `${min} min ${two(s)} s`;
  return `${s} s`;
}

/** "in 3 min 07 s" for a future instant, "due now" once it has passed. */
export function countdown(iso, now = Date.now()) {
  const ms = Date.parse(iso) - now;
  return ms > 500 ? `in ${spell(ms)}` : 'due now';
}

/** "3 min ago" for a past instant. */
export function ago(iso, now = Date.now()) {
  const ms = now - Date.parse(iso);
  return ms < 1500 ? 'just now' : `${spell(ms)} ago`;
}

/** An instant as wall time in a zone (the browser's when none is given), with its zone name. */
export function wallTime(iso, zone) {
  if (!iso) return '–';
  const options = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hour12: false,
    timeZoneName: 'short',
  };
  if (zone) options.timeZone = zone;
  try {
    return new Intl.DateTimeFormat(undefined, options).format(new Date(iso));
  } catch {
    return iso;
  }
}

/** A <time> element showing wall time, with the exact instant in datetime and title. */
export function timeEl(iso, zone) {
  if (!iso) return h('span', { class: 'muted' }, '–');
  return h('time', { datetime: iso, title: iso }, wallTime(iso, zone));
}

/** A live countdown: the app's one-second ticker updates every [data-countdown] element. */
export function countdownEl(iso) {
  if (!iso) return h('span', { class: 'muted' }, 'not scheduled');
  return h('time', { datetime: iso, title: wallTime(iso), dataset: { countdown: iso } }, countdown(iso));
}

/** Updates every live countdown on the page. */
export function tickCountdowns(root = document) {
  const now = Date.now();
  for (const el of root.querySelectorAll('[data-countdown]')) {
    el.textContent = countdown(el.dataset.countdown, now);
  }
}
