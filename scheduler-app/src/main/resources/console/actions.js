// Run now, Pause and Resume: shared by the grid's cards and the job page.
import { api } from './api.js';
import { h } from './dom.js';

/**
 * The buttons of one job. Run now opens the new run's page; Pause and Resume call onChange with
 * the job's new pause state.
 */
export function jobButtons(ctx, job, onChange) {
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
  return h('div', { class: 'actions' }, run, toggle);
}

async function busy(ctx, button, work) {
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
