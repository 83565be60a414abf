// One job: its state and buttons, its spec (secrets redacted by the API), its next fire times,
// and its run history with an outcome filter and pages.
import { api } from './api.js';
import { busy, enableButton, jobButtons } from './actions.js';
import { badge, countdownEl, fill, h, spell, timeEl } from './dom.js';
import { OUTCOMES, job as toJob, jobState, pauseText } from './model.js';
import { versionsSection } from './versions.js';

const PAGE = 20;
const MAX_PAGE = 500; // the API's largest page of runs

export async function jobView(ctx, id) {
  document.title = `${id} · Cronstone`;
  const j = toJob(await api.job(id, ctx.signal));
  const head = h('div', { class: 'page-head' });
  const renderHead = (job) => {
    const [state, kind] = jobState(job);
    fill(
      head,
      h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Jobs'), ' / '),
      h('h1', {}, job.id, ' ', badge(state, kind), job.paused ? h('span', { class: 'badge s-paused', dataset: { badge: 'paused', pausedBy: job.pausedBy || '' } }, pauseText(job)) : null),
      job.description ? h('p', { class: 'desc' }, job.description) : null,
      jobButtons(ctx, job, async () => renderHead(toJob(await api.job(id, ctx.signal)))),
      ownership(ctx, job),
    );
  };
  renderHead(j);
  fill(
    ctx.view,
    head,
    h('div', { class: 'columns' }, upcoming(j), spec(j)),
    links(j),
    await backfills(ctx, j),
    await history(ctx, j),
    await versionsSection(ctx, j),
  );
}

/**
 * Who owns the job: a file-owned job is read-only here and names its file; a store-owned one has
 * Edit, Enable or Disable, and Delete (asking first).
 */
function ownership(ctx, job) {
  if (job.owner !== 'store') {
    return h(
      'p',
      { class: 'owner note', id: 'owner', dataset: { owner: 'file' } },
      'Owned by its spec file', job.source ? [' ', h('code', {}, job.source)] : null,
      ': sync manages it, and the console shows it read-only. Edit the file to change it.',
    );
  }
  const edit = h('a', { class: 'button', href: `#/jobs/${encodeURIComponent(job.id)}/edit`, id: 'edit-job', 'aria-label': `Edit ${job.id}` }, 'Edit');
  const reload = () => ctx.navigate(`#/jobs/${encodeURIComponent(job.id)}?v=${Date.now()}`);
  const del = h('button', { type: 'button', class: 'danger', id: 'delete-job', 'aria-label': `Delete ${job.id}` }, 'Delete');
  const confirm = h(
    'div',
    { class: 'alert confirm', id: 'delete-confirm', role: 'alertdialog', 'aria-labelledby': 'delete-question', hidden: true },
    h('p', { id: 'delete-question' }, `Delete ${job.id}? Its schedule goes at once; its saved versions and its runs stay.`),
  );
  const yes = h('button', { type: 'button', class: 'danger', id: 'delete-yes' }, `Delete ${job.id}`);
  const no = h('button', { type: 'button', id: 'delete-no' }, 'Keep it');
  confirm.append(h('div', { class: 'actions' }, yes, no));
  del.addEventListener('click', () => {
    confirm.hidden = false;
    no.focus();
  });
  no.addEventListener('click', () => {
    confirm.hidden = true;
    del.focus();
  });
  yes.addEventListener('click', () =>
    busy(ctx, yes, async () => {
      const answer = await api.deleteJob(job.id, job.version);
      ctx.announce(`Deleted ${job.id} (last version ${answer.version})`);
      ctx.navigate('#/');
    }),
  );
  return h(
    'div',
    { class: 'owner', id: 'owner', dataset: { owner: 'store' } },
    h('p', { class: 'muted' }, `Store-owned, version ${job.version}: edited here, through the API or with jobs apply.`),
    h('div', { class: 'actions' }, edit, enableButton(ctx, job, async () => reload()), del),
    confirm,
  );
}

function upcoming(j) {
  const items = j.upcoming.slice(0, 10);
  return h(
    'section',
    { 'aria-labelledby': 'upcoming-title', class: 'panel' },
    h('h2', { id: 'upcoming-title' }, 'Upcoming fire times'),
    h('p', { class: 'muted' }, j.scheduleText || 'Manual only: no schedule.', j.timezone ? ` (${j.timezone})` : ''),
    items.length
      ? h('ol', { class: 'upcoming' }, items.map((fire) => h('li', {}, timeEl(fire.instant, j.timezone), ' ', h('span', { class: 'muted' }, countdownEl(fire.instant)), fire.shifted ? h('span', { class: 'note' }, ' shifted by the daylight-saving gap') : null)))
      : h('p', { class: 'muted' }, j.paused ? 'Paused: nothing fires until it is resumed.' : 'Nothing scheduled.'),
  );
}

function spec(j) {
  return h(
    'section',
    { 'aria-labelledby': 'spec-title', class: 'panel' },
    h('h2', { id: 'spec-title' }, 'Spec'),
    h('pre', { class: 'spec', tabindex: '0', 'aria-label': `Spec of ${j.id}` }, JSON.stringify(j.spec ?? {}, null, 2)),
  );
}

async function history(ctx, j) {
  const backfill = ctx.params.get('backfill') || '';
  const status = backfill ? '' : ctx.params.get('status') || '';
  const cursor = ctx.params.get('cursor') || '';
  const asked = Number.parseInt(ctx.params.get('limit') || '', 10);
  const limit = asked >= 1 ? Math.min(asked, MAX_PAGE) : PAGE;
  const keep = { ...(limit === PAGE ? {} : { limit }), ...(backfill ? { backfill } : {}) };
  const answer = await api.runs(j.id, { status, cursor, limit, backfill: backfill || undefined }, ctx.signal);
  const runs = answer.runs || [];
  const filter = h(
    'select',
    { id: 'outcome', name: 'status' },
    h('option', { value: '' }, 'all'),
    OUTCOMES.map((o) => h('option', { value: o, selected: o === status }, o.replace('_', ' '))),
  );
  filter.addEventListener('change', () => ctx.navigate(jobHash(j.id, { status: filter.value, ...keep })));
  const next = answer.nextCursor;
  return h(
    'section',
    { 'aria-labelledby': 'history-title', class: 'panel' },
    h('div', { class: 'section-head' }, h('h2', { id: 'history-title' }, backfill ? `Runs of backfill #${backfill}` : 'Run history'), backfill ? h('a', { href: jobHash(j.id, {}), class: 'button', id: 'all-runs' }, 'All runs') : h('div', { class: 'filter' }, h('label', { for: 'outcome' }, 'Outcome'), filter)),
    runs.length ? runTable(j, runs) : h('p', { class: 'muted' }, status ? `No ${status.replace('_', ' ')} runs.` : 'No runs yet.'),
    h(
      'nav',
      { class: 'pager', 'aria-label': 'Run history pages' },
      cursor ? h('a', { href: jobHash(j.id, { status, ...keep }), class: 'button' }, 'Newest runs') : null,
      next ? h('a', { href: jobHash(j.id, { status, cursor: next, ...keep }), class: 'button', rel: 'next' }, 'Older runs') : null,
    ),
  );
}

/**
 * The jobs this one runs after (its spec's after) and the jobs that run after it, each a link to
 * its page with the ends that start the downstream job; nothing when there are none.
 */
function links(j) {
  if (!j.upstream.length && !j.downstream.length) {
    return null;
  }
  const list = (id, items) =>
    h(
      'ul',
      { id },
      items.map((l) =>
        h('li', { dataset: { job: l.job, on: l.on } }, h('a', { href: `#/jobs/${encodeURIComponent(l.job)}` }, l.job), ` (on ${l.on})`),
      ),
    );
  return h(
    'section',
    { 'aria-labelledby': 'after-title', class: 'panel', id: 'after' },
    h('h2', { id: 'after-title' }, 'Runs after'),
    j.upstream.length ? [h('p', {}, `${j.id} runs after:`), list('upstream', j.upstream)] : null,
    j.downstream.length ? [h('p', {}, `These jobs run after ${j.id}:`), list('downstream', j.downstream)] : null,
  );
}

/** The job's backfills with their progress; nothing when it has none. */
async function backfills(ctx, j) {
  const list = (await api.backfills(j.id, ctx.signal)).backfills || [];
  if (!list.length) {
    return null;
  }
  return h(
    'section',
    { 'aria-labelledby': 'backfills-title', class: 'panel', id: 'backfills' },
    h('h2', { id: 'backfills-title' }, 'Backfills'),
    h(
      'table',
      { class: 'backfills' },
      h('caption', { class: 'visually-hidden' }, `Backfills of ${j.id}, newest first`),
      h('thead', {}, h('tr', {}, ['Backfill', 'Range', 'Progress', 'By status', 'By'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        list.map((b) =>
          h(
            'tr',
            { dataset: { backfill: String(b.backfillId) } },
            h('td', { 'data-label': 'Backfill' }, h('a', { href: jobHash(j.id, { backfill: b.backfillId }), 'aria-label': `Runs of backfill ${b.backfillId}` }, `#${b.backfillId}`)),
            h('td', { 'data-label': 'Range' }, timeEl(b.from), ' – ', timeEl(b.to)),
            h('td', { 'data-label': 'Progress' }, h('progress', { max: String(b.instants), value: String(b.ended) }), ` ${b.ended} of ${b.instants} ended`),
            h('td', { 'data-label': 'By status' }, Object.entries(b.byStatus || {}).map(([s, n]) => `${s.replace('_', ' ')} ${n}`).join(', ')),
            h('td', { 'data-label': 'By' }, b.requestedBy),
          ),
        ),
      ),
    ),
  );
}

function jobHash(id, query) {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v)).toString();
  return `#/jobs/${encodeURIComponent(id)}${q ? '?' + q : ''}`;
}

function runTable(j, runs) {
  return h(
    'table',
    { class: 'runs' },
    h('caption', { class: 'visually-hidden' }, `Runs of ${j.id}, newest first`),
    h('thead', {}, h('tr', {}, ['Run', 'Status', 'Kind', 'Started', 'Took', 'By'].map((c) => h('th', { scope: 'col' }, c)))),
    h(
      'tbody',
      {},
      runs.map((r) =>
        h(
          'tr',
          { dataset: { status: r.status } },
          h('td', { 'data-label': 'Run' }, h('a', { href: `#/runs/${encodeURIComponent(j.id)}/${r.runNo}` }, `#${r.runNo}`)),
          h('td', { 'data-label': 'Status' }, badge(r.status.replace('_', ' '), r.status), r.error?.code ? h('span', { class: 'muted' }, ' ', r.error.code) : null),
          h('td', { 'data-label': 'Kind' }, r.backfillId != null ? `backfill #${r.backfillId}` : r.upstreamRunId ? `after ${r.upstreamRunId}` : r.kind),
          h('td', { 'data-label': 'Started' }, timeEl(r.startedAt || r.createdAt)),
          h('td', { 'data-label': 'Took' }, r.startedAt && r.endedAt ? spell(Date.parse(r.endedAt) - Date.parse(r.startedAt)) : '–'),
          h('td', { 'data-label': 'By' }, r.requestedBy || '–'),
        ),
      ),
    ),
  );
}
