// Run now, Pause and Resume: shared by the grid's cards and the job page.
import { api } from './api.js';
import { h } from './dom.js';

/**
 * The buttons of one job. Run now opens the new run's page; Pause and Resume call onChange with
 * the job's new pause state; with options.toggle a store-owned job also gets Enable or Disable.
 */
export function jobButtons(ctx, job, onChange, options = {}) {
  const run = h(
    'button',
    { type: 'button', class: 'primary', 'aria-label': `Run now: ${job.id}`, dataset: { action: 'run' } },
    'Run now',
  );
  run.addEventListener('click', () =>
    busy(ctx, run, async () => {
      const started = await api.runNow(job.id);
      const runNo = started.runNo ?? started.run?.runNo;
      ctx.announce(`Started ${job.id}#${runNo}`);
      ctx.navigate(`#/runs/${encodeURIComponent(job.id)}/${runNo}`);
    }),
  );
  const toggle = h(
    'button',
    {
      type: 'button',
      'aria-label': `${job.paused ? 'Resume' : 'Pause'}: ${job.id}`,
      dataset: { action: job.paused ? 'resume' : 'pause' },
    },
    job.paused ? 'Resume' : 'Pause',
  );
  toggle.addEventListener('click', () =>
    busy(ctx, toggle, async () => {
      const paused = !job.paused;
      await (paused ? api.pause(job.id) : api.resume(job.id));
      ctx.announce(`${job.id} ${paused ? 'paused' : 'resumed'}`);
      await onChange(paused);
    }),
  );
  const enable = options.toggle && job.owner === 'store' ? enableButton(ctx, job, onChange) : null;
  return h('div', { class: 'actions' }, run, toggle, enable);
}

/** Enable or disable a store-owned job (a new saved version; a file-owned job is its file's). */
export function enableButton(ctx, job, onChange) {
  const button = h(
    'button',
    {
      type: 'button',
      'aria-label': `${job.enabled ? 'Disable' : 'Enable'}: ${job.id}`,
      'aria-pressed': String(job.enabled),
      dataset: { action: job.enabled ? 'disable' : 'enable' },
    },
    job.enabled ? 'Disable' : 'Enable',
  );
  button.addEventListener('click', () =>
    busy(ctx, button, async () => {
      const answer = await (job.enabled ? api.disable(job.id) : api.enable(job.id));
      ctx.announce(`${job.id} ${answer.enabled ? 'enabled' : 'disabled'}, version ${answer.version}`);
      await onChange();
    }),
  );
  return button;
}

export async function busy(ctx, button, work) {
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  try {
    await work();
  } catch (error) {
    ctx.problem(error);
  } finally {
    button.disabled = false;
    button.removeAttribute('aria-busy');
  }
}
