// The job grid: one card per job, with a live countdown to its next run.
import { api } from './api.js';
import { jobButtons } from './actions.js';
import { ago, badge, countdownEl, fill, h } from './dom.js';
import { job as toJob, jobState } from './model.js';

const REFRESH_MS = 15000;

export async function gridView(ctx) {
  document.title = 'Jobs · Cronstone';
  const list = h('div', { class: 'grid', role: 'list', 'aria-label': 'Jobs' });
  const summary = h('p', { class: 'muted', id: 'grid-summary' }, 'Loading jobs…');
  fill(ctx.view, h('div', { class: 'page-head' }, h('h1', {}, 'Jobs'), summary), list);

  const load = async () => {
    const jobs = (await api.jobs(ctx.signal)).map(toJob);
    jobs.sort((a, b) => a.id.localeCompare(b.id));
    summary.textContent = summaryText(jobs);
    fill(list, jobs.map((j) => card(ctx, j, load)));
  };
  await load();
  ctx.every(REFRESH_MS, () => load().catch(ctx.fail));
}

function summaryText(jobs) {
  const paused = jobs.filter((j) => j.paused).length;
  return `${jobs.length} job${jobs.length === 1 ? '' : 's'}` + (paused ? `, ${paused} paused` : '');
}

function card(ctx, j, reload) {
  const titleId = `job-${j.id}-title`;
  const [state, stateKind] = jobState(j);
  return h(
    'article',
    { class: 'card', role: 'listitem', 'aria-labelledby': titleId, dataset: { jobId: j.id } },
    h(
      'header',
      {},
      h('h2', { id: titleId }, h('a', { href: `#/jobs/${encodeURIComponent(j.id)}` }, j.id)),
      h(
        'div',
        { class: 'badges' },
        h('span', { class: 'visually-hidden' }, 'Status: '),
        badge(state, stateKind),
        j.paused ? h('span', { class: 'badge s-paused', dataset: { badge: 'paused' } }, 'Paused') : null,
      ),
    ),
    j.description ? h('p', { class: 'desc' }, j.description) : null,
    h(
      'dl',
      { class: 'facts' },
      fact('Schedule', j.scheduleText || h('span', { class: 'muted' }, 'manual only')),
      fact('Time zone', j.timezone || h('span', { class: 'muted' }, '–')),
      fact('Next run', j.paused ? h('span', { class: 'muted' }, 'paused') : countdownEl(j.nextFire)),
      fact('Last outcome', lastOutcome(j)),
      j.lastSuccess ? fact('Last success', h('time', { datetime: j.lastSuccess, title: j.lastSuccess }, ago(j.lastSuccess))) : null,
    ),
    jobButtons(ctx, j, reload),
  );
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

function lastOutcome(j) {
  if (!j.lastRun) return h('span', { class: 'muted' }, 'never ran');
  const link = h(
    'a',
    { href: `#/runs/${encodeURIComponent(j.id)}/${j.lastRun.runNo}`, 'aria-label': `Run ${j.id}#${j.lastRun.runNo}: ${j.lastRun.status}` },
    badge(j.lastRun.status),
  );
  return [link, j.lastRun.at ? h('span', { class: 'muted' }, ' ', ago(j.lastRun.at)) : null];
}
