// The console's one door to the HTTP API (/api/v1, docs/openapi.yaml). The token lives in
// sessionStorage and only ever travels in the Authorization header, never in a URL.

const BASE = '/api/v1';
const TOKEN_KEY = 'cronstone.token';

export const token = {
  get: () => sessionStorage.getItem(TOKEN_KEY),
  set: (value) => sessionStorage.setItem(TOKEN_KEY, value),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** No token, or the API refused it (401): the console asks for one again. */
export class Unauthorized extends Error {
  constructor(message = 'The API needs a token') {
    super(message);
  }
}

/** Any other error answer, carrying the API's error envelope (code, message, details). */
export class ApiError extends Error {
  constructor(status, error) {
    super(error?.message || `The API answered ${status}`);
    this.status = status;
    this.code = error?.code || 'http_' + status;
    this.details = error?.details || [];
  }
}

function headers(accept, extra = {}) {
  const value = token.get();
  if (!value) throw new Unauthorized();
  return { Authorization: `Bearer ${value}`, Accept: accept, ...extra };
}

async function send(method, path, { query, body, signal, extra = {} } = {}) {
  const init = {
    method,
    headers: headers('application/json', body === undefined ? extra : { 'Content-Type': 'application/json', ...extra }),
    body: body === undefined ? undefined : JSON.stringify(body),
    cache: 'no-store',
    credentials: 'omit',
    signal,
  };
  const res = await fetch(url(path, query), init);
  if (res.status === 401) {
    token.clear();
    throw new Unauthorized('The API refused the token');
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    if (res.ok) throw new ApiError(res.status, { message: 'The API answered something that is not JSON' });
  }
  if (!res.ok) throw new ApiError(res.status, json?.error);
  return json;
}

function url(path, query = {}) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value != null && value !== '') params.set(key, value);
  }
  const q = params.toString();
  return BASE + path + (q ? '?' + q : '');
}

const job = (id) => `/jobs/${encodeURIComponent(id)}`;
const run = (jobId, runNo) => `${job(jobId)}/runs/${encodeURIComponent(runNo)}`;
const output = (runId) => `/runs/${encodeURIComponent(runId)}/output`;

export const api = {
  /** Every job, following the list's cursor from page to page. */
  jobs: async (signal) => {
    const all = [];
    let cursor;
    do {
      const page = await send('GET', '/jobs', { query: { limit: 500, cursor }, signal });
      all.push(...(page.jobs || []));
      cursor = page.nextCursor;
    } while (cursor);
    return all;
  },
  job: (id, signal) => send('GET', job(id), { signal }),
  runNow: (id) => send('POST', `${job(id)}/run`),
  pause: (id) => send('POST', `${job(id)}/pause`),
  resume: (id) => send('POST', `${job(id)}/resume`),
  /** The job's backfills, newest first, with their runs' counts by status. */
  backfills: (id, signal) => send('GET', `${job(id)}/backfills`, { signal }),
  runs: (id, { status, cursor, limit = 20, backfill } = {}, signal) =>
    send('GET', `${job(id)}/runs`, { query: { status, cursor, limit, backfill }, signal }),
  /**
   * Creates (version null: If-None-Match *) or replaces (If-Match "version") a store-owned job
   * from a spec object; answers the job as GET /jobs/{id} does.
   */
  saveJob: (id, spec, version) =>
    send('PUT', job(id), {
      body: spec,
      extra: version == null ? { 'If-None-Match': '*' } : { 'If-Match': `"${version}"` },
    }),
  deleteJob: (id, version) => send('DELETE', job(id), { extra: version == null ? {} : { 'If-Match': `"${version}"` } }),
  enable: (id) => send('POST', `${job(id)}/enable`),
  disable: (id) => send('POST', `${job(id)}/disable`),
  versions: (id, signal) => send('GET', `${job(id)}/versions`, { query: { limit: 500 }, signal }),
  /** The verdict on a spec object: valid, error (every problem and its path), scheduleText, upcoming. */
  validate: (spec, signal) => send('POST', '/validate', { body: spec, signal }),
  run: (jobId, runNo, signal) => send('GET', run(jobId, runNo), { signal }),
  cancel: (jobId, runNo) => send('POST', `${run(jobId, runNo)}/cancel`),
  events: (jobId, runNo, after, signal) =>
    send('GET', `${run(jobId, runNo)}/events`, { query: { after, limit: 1000 }, signal }),
  follow: (jobId, runNo, after, handlers, signal) =>
    stream(url(`${run(jobId, runNo)}/events/stream`, { after }), handlers, signal),
  /** A page of what an attempt of the run printed (without attempt: its latest). */
  outputPage: (runId, { stream, attempt, offset, limit = 1000 } = {}, signal) =>
    send('GET', output(runId), { query: { stream, attempt, offset, limit }, signal }),
  /** Follows what an attempt of the run prints (without attempt: its latest; events stdout, stderr, end). */
  output: (runId, { attempt, offset } = {}, handlers, signal) =>
    stream(url(`${output(runId)}/stream`, { attempt, offset }), handlers, signal),
};

/**
 * Reads a Server-Sent Events stream with fetch(), so the token goes in the Authorization header
 * (EventSource cannot send headers). Calls handlers[event name] (or handlers.message) with the
 * parsed JSON data of each event; resolves when the server closes the stream.
 */
async function stream(href, handlers, signal) {
  const res = await fetch(href, {
    headers: headers('text/event-stream'),
    cache: 'no-store',
    credentials: 'omit',
    signal,
  });
  if (res.status === 401) {
    token.clear();
    throw new Unauthorized('The API refused the token');
  }
  if (!res.ok) {
    let error;
    try {
      error = (await res.json()).error;
    } catch {
      error = undefined;
    }
    throw new ApiError(res.status, error);
  }
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = sseParser((name, data) => {
    const handler = handlers[name] || handlers.message;
    if (!handler) return;
    let value = data;
    try {
      value = JSON.parse(data);
    } catch {
      // not JSON: hand over the text
    }
    handler(value, name);
  });
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    parser(value);
  }
}

/** Feeds text chunks; calls dispatch(eventName, data) per event, as the SSE format defines. */
function sseParser(dispatch) {
  let buffer = '';
  let name = '';
  let data = [];
  const line = (text) => {
    if (text === '') {
      if (data.length) dispatch(name || 'message', data.join('\n'));
      name = '';
      data = [];
      return;
    }
    if (text.startsWith(':')) return;
    const colon = text.indexOf(':');
    const field = colon < 0 ? text : text.slice(0, colon);
    let value = colon < 0 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') name = value;
    else if (field === 'data') data.push(value);
  };
  return (chunk) => {
    buffer += chunk;
    const lines = buffer.split(/\r\n|\n|\r(?!$)/);
    buffer = lines.pop();
    lines.forEach(line);
  };
}
