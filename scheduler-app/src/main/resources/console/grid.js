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
  fill(
    ctx.view,
    h('div', { class: 'page-head' }, h('div', { class: 'section-head' }, h('h1', {}, 'Jobs'), h('a', { class: 'button primary', href: '#/new', id: 'new-job' }, 'New job')), summary),
    list,
  );

  const load = async () => {
    const jobs = (await api.jobs(ctx.signal)).map(toJob);
    jobs.sort((a, b) => a.id.localeCompare(b.id));
    summary.textContent = summaryText(jobs);
    const focus = focused(list);
    fill(list, jobs.map((j) => card(ctx, j, load)));
    focus();
    // reload soon after the next fire, so the card shows the run and its new next fire
    const soonest = Math.min(...jobs.map((j) => (j.nextFire ? Date.parse(j.nextFire) : Infinity)));
    const wait = soonest - Date.now() + 2000;
    if (wait > 0 && wait < REFRESH_MS) ctx.later(wait, reload);
  };
  // a reload that fails (the node restarting, say) leaves the cards and says why above them
  const reload = () => load().catch(ctx.problem);
  await load();
  ctx.every(REFRESH_MS, reload);
}

/** Remembers which card's button or link has the focus; the returned function puts it back. */
function focused(list) {
  const el = document.activeElement;
  const cardEl = el && list.contains(el) ? el.closest('[data-job-id]') : null;
  if (!cardEl) return () => {};
  const card = `[data-job-id="${CSS.escape(cardEl.dataset.jobId)}"]`;
  const action = el.dataset.action;
  const selector =
    action === 'run'
      ? `${card} [data-action=run]`
      : action === 'enable' || action === 'disable'
        ? `${card} [data-action=enable], ${card} [data-action=disable]`
        : action
          ? `${card} [data-action=pause], ${card} [data-action=resume]`
        : `${card} h2 a`;
  return () => list.querySelector(selector)?.focus();
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
      j.owner === 'file' ? fact('Spec file', h('span', { class: 'muted', title: j.source || '', dataset: { owner: 'file' } }, j.source ? j.source.split('/').pop() : 'read-only')) : null,
    ),
    jobButtons(ctx, j, reload, { toggle: true }),
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
