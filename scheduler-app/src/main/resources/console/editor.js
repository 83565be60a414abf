// The job editor: #/new creates a store-owned job, #/jobs/<id>/edit edits one. A form over the
// spec's sections (docs/job-spec.md); the API's validator (the one of `jobs validate`) checks it,
// and each problem is shown next to the field its path names. The schedule is previewed as you
// type (POST /validate answers its words and next five fires).
import { ApiError, api } from './api.js';
import { countdownEl, fill, h, timeEl } from './dom.js';
import { job as toJob } from './model.js';

const PREVIEW_DELAY_MS = 400;

/**
 * Which field shows the problems of a path: the longest prefix wins ("schedule.cron[1]" goes to
 * the cron lines). Paths of no field (such as "$") are listed above the form.
 */
const FIELDS = [
  ['id', 'f-id'],
  ['description', 'f-description'],
  ['enabled', 'f-enabled'],
  ['recover', 'f-recover'],
  ['schedule.cron', 'f-cron'],
  ['schedule.timezone', 'f-timezone'],
  ['schedule.misfire', 'f-misfire'],
  ['schedule.catchUpWindow', 'f-catchUpWindow'],
  ['schedule.maxCatchUp', 'f-maxCatchUp'],
  ['schedule', 'f-cron'],
  ['task.type', 'f-type'],
  ['task.command', 'f-command'],
  ['task.workdir', 'f-workdir'],
  ['task.env', 'f-env'],
  ['task.url', 'f-url'],
  ['task.method', 'f-method'],
  ['task.headers', 'f-headers'],
  ['task.body', 'f-body'],
  ['task.expectStatus', 'f-expectStatus'],
  ['task.name', 'f-name'],
  ['task.args', 'f-args'],
  ['retry.maxAttempts', 'f-maxAttempts'],
  ['retry.backoff', 'f-backoff'],
  ['retry.initialDelay', 'f-initialDelay'],
  ['retry.maxDelay', 'f-maxDelay'],
  ['retry.retryOn', 'f-retryOn'],
  ['limits.timeout', 'f-timeout'],
  ['limits.maxConcurrent', 'f-maxConcurrent'],
  ['limits.overlap', 'f-overlap'],
  ['limits.batchSize', 'f-batchSize'],
  ['policy.pauseAfterFailures', 'f-pauseAfterFailures'],
  ['policy', 'f-pauseAfterFailures'],
  ['parameters', 'f-parameters'],
  ['retention.keepLast', 'f-keepLast'],
  ['retention.olderThan', 'f-olderThan'],
  ['retention', 'f-keepLast'],
];

/** The field id of a problem's path, or null. */
export function fieldOf(path) {
  let best = null;
  for (const [prefix, id] of FIELDS) {
    const hit = path === prefix || path.startsWith(prefix + '.') || path.startsWith(prefix + '[');
    if (hit && (!best || prefix.length > best[0].length)) best = [prefix, id];
  }
  return best ? best[1] : null;
}

export async function editorView(ctx, id) {
  const editing = id != null;
  document.title = `${editing ? 'Edit ' + id : 'New job'} · Cronstone`;
  let current = null;
  if (editing) {
    current = toJob(await api.job(id, ctx.signal));
    if (current.owner !== 'store') {
      fill(
        ctx.view,
        h('h1', {}, `Edit ${id}`),
        h('p', { class: 'alert', role: 'alert' }, `${id} is owned by its spec file${current.source ? ' ' + current.source : ''}: edit the file, the console shows it read-only.`),
        h('p', {}, h('a', { href: `#/jobs/${encodeURIComponent(id)}` }, `Back to ${id}`)),
      );
      return;
    }
  }
  const spec = current?.spec || {
    id: '',
    schedule: { cron: '0 2 * * *', timezone: Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC' },
    task: { type: 'builtin', name: 'noop' },
  };
  const form = buildForm(spec, editing);
  const problems = h('div', { id: 'form-problems', class: 'alert', role: 'alert', hidden: true });
  const preview = h('section', { id: 'preview', class: 'panel', 'aria-labelledby': 'preview-title', 'aria-live': 'polite' });
  const masked = JSON.stringify(spec).includes('"***"');
  fill(
    ctx.view,
    h(
      'div',
      { class: 'page-head' },
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Jobs'), ' / ', editing ? [h('a', { href: `#/jobs/${encodeURIComponent(id)}` }, id), ' / '] : null),
      h('h1', {}, editing ? `Edit ${id}` : 'New job', editing ? h('span', { class: 'muted', id: 'editing-version' }, ` version ${current.version}`) : null),
      h('p', { class: 'muted' }, 'Secrets stay references: write ${env:NAME} and the node resolves it when the task runs; the console never shows a secret value.'),
      masked ? h('p', { class: 'alert', id: 'masked-warning' }, 'This spec holds literal secrets, shown as ***. Saving keeps *** as their value: replace each with an ${env:NAME} reference first.') : null,
    ),
    problems,
    h('div', { class: 'editor' }, form.el, preview),
  );

  let shown = false; // problems show next to the fields once a save was refused, then live
  let seq = 0;
  let timer = null;
  const check = async () => {
    const mine = ++seq;
    const built = form.spec();
    try {
      const [whole, sched] = await Promise.all([
        shown ? api.validate(built, ctx.signal) : null,
        built.schedule ? api.validate(scheduleOnly(built.schedule), ctx.signal) : null,
      ]);
      if (mine !== seq) return;
      renderPreview(preview, built.schedule, sched);
      if (shown) showProblems(form, problems, whole.valid ? [] : whole.error?.details || []);
    } catch (error) {
      if (error?.name !== 'AbortError') ctx.problem(error);
    }
  };
  form.el.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(check, PREVIEW_DELAY_MS);
  });
  form.el.addEventListener('change', () => {
    clearTimeout(timer);
    timer = setTimeout(check, PREVIEW_DELAY_MS);
  });
  form.el.addEventListener('submit', async (e) => {
    e.preventDefault();
    const save = form.el.querySelector('button[type=submit]');
    save.disabled = true;
    save.setAttribute('aria-busy', 'true');
    try {
      const built = form.spec();
      const target = editing ? id : built.id;
      if (!target) {
        const verdict = await api.validate(built, ctx.signal);
        shown = true;
        showProblems(form, problems, verdict.valid ? [{ path: 'id', problem: 'missing required field \'id\'' }] : verdict.error.details);
        return;
      }
      const saved = toJob(await api.saveJob(target, built, editing ? current.version : null));
      ctx.announce(`Saved ${saved.id}, version ${saved.version}`);
      ctx.navigate(`#/jobs/${encodeURIComponent(saved.id)}`);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'job_invalid_spec') {
        shown = true;
        showProblems(form, problems, error.details);
      } else if (error instanceof ApiError && error.code === 'version_conflict') {
        ctx.problem(new ApiError(error.status, { code: error.code, message: `${error.message}. Someone saved ${id} meanwhile: reload the page to edit the newest version (your changes here are not saved).` }));
      } else {
        ctx.problem(error);
      }
    } finally {
      save.disabled = false;
      save.removeAttribute('aria-busy');
    }
  });
  await check();
}

/** A spec with only the schedule, so that the preview works while the rest is unfinished. */
function scheduleOnly(schedule) {
  return { id: 'schedule-preview', schedule, task: { type: 'builtin', name: 'noop' } };
}

function renderPreview(el, schedule, verdict) {
  const zone = schedule?.timezone;
  fill(el, h('h2', { id: 'preview-title' }, 'Schedule preview'));
  if (!schedule) {
    el.append(h('p', { class: 'muted', id: 'preview-words' }, 'Manual only: no schedule, the job runs when asked.'));
    return;
  }
  if (!verdict?.valid) {
    const details = (verdict?.error?.details || []).filter((d) => d.path.startsWith('schedule'));
    el.append(
      h('p', { class: 'muted', id: 'preview-words' }, 'No preview: the schedule does not read yet.'),
      details.length ? h('ul', { class: 'preview-problems' }, details.map((d) => h('li', {}, `${d.path}: ${d.problem}`))) : null,
    );
    return;
  }
  el.append(
    h('p', { id: 'preview-words' }, verdict.scheduleText || '', zone ? h('span', { class: 'muted' }, ` (${zone})`) : null),
    h('p', { class: 'muted' }, 'Next five fires:'),
    h(
      'ol',
      { class: 'upcoming', id: 'preview-fires' },
      (verdict.upcoming || []).map((f) =>
        h('li', {}, timeEl(f.instant, zone), ' ', h('span', { class: 'muted' }, countdownEl(f.instant)), f.shifted ? h('span', { class: 'note' }, ' shifted by the daylight-saving gap') : null),
      ),
    ),
  );
}

function showProblems(form, box, details) {
  for (const el of form.el.querySelectorAll('.field-error')) {
    el.replaceChildren();
    el.hidden = true;
  }
  for (const el of form.el.querySelectorAll('[aria-invalid]')) el.removeAttribute('aria-invalid');
  const unmapped = [];
  for (const d of details) {
    const fieldId = fieldOf(d.path);
    const input = fieldId && form.el.querySelector('#' + fieldId);
    const errEl = input && form.el.querySelector('#' + fieldId + '-error');
    if (!errEl || input.closest('[hidden]')) {
      unmapped.push(d);
      continue;
    }
    input.setAttribute('aria-invalid', 'true');
    errEl.hidden = false;
    errEl.append(h('span', { class: 'problem', dataset: { path: d.path } }, h('code', {}, d.path), ': ', d.problem));
  }
  if (!details.length) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  fill(
    box,
    h('p', {}, h('strong', {}, 'job_invalid_spec'), `: ${details.length} problem${details.length === 1 ? '' : 's'} in the spec; nothing was saved.`),
    unmapped.length ? h('ul', {}, unmapped.map((d) => h('li', { dataset: { path: d.path } }, h('code', {}, d.path), ': ', d.problem))) : null,
  );
  box.hidden = false;
  const first = form.el.querySelector('[aria-invalid=true]');
  (first || box).focus?.();
}

// ---- the form ----------------------------------------------------------------------------

const TASK_TYPES = ['command', 'http', 'builtin'];
const MISFIRES = ['fire_once_now', 'skip', 'catch_up'];
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];
const BUILTINS = ['noop', 'sleep', 'fail', 'echo'];
const BACKOFFS = ['exponential', 'fixed'];
const OVERLAPS = ['skip', 'queue', 'replace'];

function field(id, label, control, help) {
  control.id = id;
  control.name = id.slice(2);
  const described = [help ? id + '-help' : null, id + '-error'].filter(Boolean).join(' ');
  control.setAttribute('aria-describedby', described);
  return h(
    'div',
    { class: 'field', dataset: { field: id.slice(2) } },
    h('label', { for: id }, label),
    control,
    help ? h('p', { class: 'muted help', id: id + '-help' }, help) : null,
    h('p', { class: 'field-error', id: id + '-error', hidden: true }),
  );
}

const text = (value, attrs = {}) => h('input', { type: 'text', value: value ?? '', spellcheck: 'false', autocomplete: 'off', ...attrs });
const area = (value, rows = 3) => {
  const el = h('textarea', { rows, spellcheck: 'false' });
  el.value = value ?? '';
  return el;
};
const select = (options, value, blank) =>
  h('select', {}, blank ? h('option', { value: '' }, blank) : null, options.map((o) => h('option', { value: o, selected: o === value }, o)));
const check = (value) => h('input', { type: 'checkbox', checked: value });

/** Lines of NAME=value (env) or Name: value (headers) from a mapping, and back. */
const pairs = (map, sep) => Object.entries(map || {}).map(([k, v]) => `${k}${sep}${v}`).join('\n');
function unpairs(textValue, sep) {
  const out = {};
  for (const line of textValue.split('\n')) {
    if (!line.trim()) continue;
    const at = line.indexOf(sep.trim());
    if (at < 0) out[line.trim()] = '';
    else out[line.slice(0, at).trim()] = line.slice(at + sep.trim().length).replace(/^ /, '');
  }
  return out;
}
const lines = (v) => v.split('\n').map((l) => l.trim()).filter(Boolean);
const list = (v) => v.split(',').map((l) => l.trim()).filter(Boolean);
/** A number when the text is one, else the text (so the validator names the wrong type). */
const num = (v) => (/^-?\d+$/.test(v.trim()) ? Number(v.trim()) : v.trim());
const json = (v) => {
  if (!v.trim()) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return v; // sent as is: the validator answers the path with the problem
  }
};

function buildForm(spec, editing) {
  const s = spec.schedule || null;
  const t = spec.task || { type: 'builtin', name: 'noop' };
  const r = spec.retry || {};
  const l = spec.limits || {};
  const keep = spec.retention || {};
  const pol = spec.policy || {};
  const cronValue = s ? [].concat(s.cron || []).join('\n') : '';

  const c = {
    id: text(spec.id, editing ? { readonly: true } : {}),
    description: area(spec.description, 2),
    enabled: check(spec.enabled !== false),
    recover: check(spec.recover !== false),
    cron: area(cronValue, 2),
    timezone: text(s?.timezone),
    misfire: select(MISFIRES, s?.misfire, 'default (fire_once_now)'),
    catchUpWindow: text(s?.catchUpWindow, { placeholder: 'PT6H' }),
    maxCatchUp: text(s?.maxCatchUp, { inputmode: 'numeric', placeholder: '10' }),
    type: select(TASK_TYPES, t.type),
    command: area((t.command || []).join('\n'), 3),
    workdir: text(t.workdir),
    env: area(pairs(t.env, '='), 2),
    url: text(t.url),
    method: select(METHODS, t.method, 'default (GET)'),
    headers: area(pairs(t.headers, ': '), 2),
    body: area(t.body, 2),
    expectStatus: text(t.expectStatus == null ? '' : [].concat(t.expectStatus).join(', '), { placeholder: '2xx' }),
    name: select(BUILTINS, t.name),
    args: area(t.args && Object.keys(t.args).length ? JSON.stringify(t.args, null, 2) : '', 2),
    maxAttempts: text(r.maxAttempts, { inputmode: 'numeric', placeholder: '1' }),
    backoff: select(BACKOFFS, r.backoff, 'default (exponential)'),
    initialDelay: text(r.initialDelay, { placeholder: 'PT10S' }),
    maxDelay: text(r.maxDelay, { placeholder: 'PT5M' }),
    retryOn: text(r.retryOn == null ? '' : [].concat(r.retryOn).join(', '), { placeholder: 'failed, timed_out' }),
    timeout: text(l.timeout, { placeholder: 'PT30M' }),
    maxConcurrent: text(l.maxConcurrent, { inputmode: 'numeric', placeholder: '1' }),
    overlap: select(OVERLAPS, l.overlap, 'default (skip)'),
    batchSize: text(l.batchSize, { inputmode: 'numeric' }),
    pauseAfterFailures: text(pol.pauseAfterFailures, { inputmode: 'numeric' }),
    parameters: area(spec.parameters && Object.keys(spec.parameters).length ? JSON.stringify(spec.parameters, null, 2) : '', 3),
    keepLast: text(keep.keepLast, { inputmode: 'numeric' }),
    olderThan: text(keep.olderThan, { placeholder: 'P30D' }),
  };
  const hasSchedule = check(Boolean(s));
  hasSchedule.id = 'f-has-schedule';

  const kinds = {
    command: h('div', { class: 'task-kind', dataset: { kind: 'command' } },
      field('f-command', 'Command (one argument a line: the program, then its arguments)', c.command, 'Never a shell string: use /bin/sh, -c and the script as three lines.'),
      field('f-workdir', 'Working directory', c.workdir),
      field('f-env', 'Environment (NAME=value a line)', c.env, 'Secrets as ${env:NAME} references.')),
    http: h('div', { class: 'task-kind', dataset: { kind: 'http' } },
      field('f-url', 'URL', c.url),
      field('f-method', 'Method', c.method),
      field('f-headers', 'Headers (Name: value a line)', c.headers, 'Secrets as ${env:NAME} references.'),
      field('f-body', 'Body', c.body),
      field('f-expectStatus', 'Expected status (codes or classes, comma-separated)', c.expectStatus)),
    builtin: h('div', { class: 'task-kind', dataset: { kind: 'builtin' } },
      field('f-name', 'Built-in', c.name),
      field('f-args', 'Arguments (JSON object)', c.args, 'sleep: {"duration": "PT5S"}; echo: {"message": "..."}; fail: {"message": "..."}.')),
  };
  const showKind = () => {
    for (const [kind, el] of Object.entries(kinds)) el.hidden = kind !== c.type.value;
  };
  c.type.addEventListener('change', showKind);
  showKind();

  const scheduleFields = h('div', { id: 'schedule-fields' },
    field('f-cron', 'Cron (one expression a line)', c.cron, '5 fields (Unix) or 6-7 fields (Quartz, seconds first). See docs/schedules.md.'),
    field('f-timezone', 'Time zone (IANA region)', c.timezone, 'e.g. Europe/Berlin, America/New_York or UTC.'),
    field('f-misfire', 'Misfire', c.misfire),
    field('f-catchUpWindow', 'Catch-up window (catch_up only)', c.catchUpWindow),
    field('f-maxCatchUp', 'Most catch-up runs (catch_up only)', c.maxCatchUp));
  const syncSchedule = () => (scheduleFields.hidden = !hasSchedule.checked);
  hasSchedule.addEventListener('change', syncSchedule);
  syncSchedule();

  const el = h(
    'form',
    { class: 'job-form', novalidate: true, 'aria-label': editing ? `Edit ${spec.id}` : 'New job' },
    h('fieldset', {}, h('legend', {}, 'Job'),
      field('f-id', 'Id', c.id, editing ? 'The id of a saved job does not change.' : '1 to 63 of a-z, 0-9, ".", "_" and "-".'),
      field('f-description', 'Description', c.description),
      h('div', { class: 'checks' },
        h('label', {}, c.enabled, ' Enabled'), h('label', {}, c.recover, ' Recover runs of a node that died'))),
    h('fieldset', {}, h('legend', {}, 'Schedule'),
      h('label', { class: 'checks' }, hasSchedule, ' On a schedule (else manual only)'),
      scheduleFields),
    h('fieldset', {}, h('legend', {}, 'Task'), field('f-type', 'Type', c.type), kinds.command, kinds.http, kinds.builtin),
    h('fieldset', {}, h('legend', {}, 'Retry'),
      field('f-maxAttempts', 'Attempts in all', c.maxAttempts),
      field('f-backoff', 'Backoff', c.backoff),
      field('f-initialDelay', 'First delay', c.initialDelay),
      field('f-maxDelay', 'Longest delay', c.maxDelay),
      field('f-retryOn', 'Retry on (failed, timed_out)', c.retryOn)),
    h('fieldset', {}, h('legend', {}, 'Limits and overlap'),
      field('f-timeout', 'Timeout per attempt', c.timeout),
      field('f-maxConcurrent', 'Most runs at once', c.maxConcurrent),
      field('f-overlap', 'When a fire finds it running', c.overlap),
      field('f-batchSize', 'Batch size (${batchSize})', c.batchSize),
      field('f-pauseAfterFailures', 'Pause after this many failed runs in a row (policy)', c.pauseAfterFailures, 'Blank: never paused by policy.')),
    h('fieldset', {}, h('legend', {}, 'Parameters and retention'),
      field('f-parameters', 'Parameters (JSON object)', c.parameters),
      field('f-keepLast', 'Keep the last runs', c.keepLast),
      field('f-olderThan', 'Drop runs older than', c.olderThan)),
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary', id: 'save' }, editing ? 'Save' : 'Create'),
      h('a', { class: 'button', href: editing ? `#/jobs/${encodeURIComponent(spec.id)}` : '#/' }, 'Cancel')),
  );

  /** The spec the form says, leaving out what is blank (the defaults apply). */
  const build = () => {
    const v = (k) => (c[k].value ?? '').trim();
    const out = {};
    if (v('id')) out.id = v('id');
    if (v('description')) out.description = c.description.value;
    if (!c.enabled.checked) out.enabled = false;
    if (!c.recover.checked) out.recover = false;
    if (hasSchedule.checked) {
      const cron = lines(c.cron.value);
      const sch = { cron: cron.length === 1 ? cron[0] : cron };
      if (v('timezone')) sch.timezone = v('timezone');
      if (v('misfire')) sch.misfire = v('misfire');
      if (v('catchUpWindow')) sch.catchUpWindow = v('catchUpWindow');
      if (v('maxCatchUp')) sch.maxCatchUp = num(v('maxCatchUp'));
      out.schedule = sch;
    }
    const task = { type: v('type') };
    if (task.type === 'command') {
      task.command = c.command.value.split('\n').filter((x) => x.trim() !== '');
      if (v('workdir')) task.workdir = v('workdir');
      if (v('env')) task.env = unpairs(c.env.value, '=');
    } else if (task.type === 'http') {
      if (v('url')) task.url = v('url');
      if (v('method')) task.method = v('method');
      if (v('headers')) task.headers = unpairs(c.headers.value, ': ');
      if (c.body.value) task.body = c.body.value;
      if (v('expectStatus')) task.expectStatus = list(v('expectStatus')).map(num);
    } else {
      task.name = v('name');
      const args = json(c.args.value);
      if (args !== undefined) task.args = args;
    }
    out.task = task;
    const retry = {};
    if (v('maxAttempts')) retry.maxAttempts = num(v('maxAttempts'));
    if (v('backoff')) retry.backoff = v('backoff');
    if (v('initialDelay')) retry.initialDelay = v('initialDelay');
    if (v('maxDelay')) retry.maxDelay = v('maxDelay');
    if (c.retryOn.value.trim() || (r.retryOn && !r.retryOn.length)) retry.retryOn = list(v('retryOn'));
    if (Object.keys(retry).length) out.retry = retry;
    const limits = {};
    if (v('timeout')) limits.timeout = v('timeout');
    if (v('maxConcurrent')) limits.maxConcurrent = num(v('maxConcurrent'));
    if (v('overlap')) limits.overlap = v('overlap');
    if (v('batchSize')) limits.batchSize = num(v('batchSize'));
    if (Object.keys(limits).length) out.limits = limits;
    if (v('pauseAfterFailures')) out.policy = { pauseAfterFailures: num(v('pauseAfterFailures')) };
    const params = json(c.parameters.value);
    if (params !== undefined) out.parameters = params;
    const retention = {};
    if (v('keepLast')) retention.keepLast = num(v('keepLast'));
    if (v('olderThan')) retention.olderThan = v('olderThan');
    if (Object.keys(retention).length) out.retention = retention;
    return out;
  };
  return { el, spec: build };
}
