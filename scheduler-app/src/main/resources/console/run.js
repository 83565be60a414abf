// One run: its phase (queued → running → done), progress, live events and outcome. Events come
// from the SSE endpoint read with fetch() and the Authorization header.
import { Unauthorized, api } from './api.js';
import { badge, fill, h, spell, timeEl } from './dom.js';
import { TERMINAL, phaseOf } from './model.js';

const PHASES = ['queued', 'running', 'done'];
const RETRY_MS = 1000;
const STDERR_LINES = 10; // lines of stderr the failure alert quotes
// events after which the run's own record (status, times, attempts) is read again
const REFRESH_ON = ['attempt.started', 'attempt.finished', 'run.finished', 'run.abandoned', 'attempt.abandoned'];

export async function runView(ctx, jobId, runNoText) {
  const runNo = Number(runNoText);
  const runId = `${jobId}#${runNo}`;
  document.title = `${runId} · Cronstone`;
  const page = new RunPage(ctx, jobId, runNo, runId);
  page.show(await api.run(jobId, runNo, ctx.signal));
  page.follow();
  page.followOutput();
}

class RunPage {
  constructor(ctx, jobId, runNo, runId) {
    Object.assign(this, { ctx, jobId, runNo, runId, lastSeq: 0, status: null, outOffset: 0, outEnd: null });
    Object.assign(this, { chosen: null, outGen: 0, outCtl: null, shownAttempt: 0 });
    this.output = h('pre', { class: 'output', id: 'output', role: 'log', 'aria-label': `Output of ${runId}` });
    this.outputNote = h('p', { class: 'muted', id: 'output-note' });
    // which attempt's output the pane shows: the latest (following a retry) until one is chosen
    this.attemptSelect = h('select', { id: 'output-attempt', name: 'attempt' });
    this.attemptSelect.addEventListener('change', () => this.chooseAttempt(Number(this.attemptSelect.value)));
    this.attemptBox = h('div', { class: 'filter', hidden: true }, h('label', { for: 'output-attempt' }, 'Attempt'), this.attemptSelect);
    this.statusEl = h('span', { id: 'run-status' });
    this.meta = h('dl', { class: 'facts wide' });
    this.phases = h('ol', { class: 'phases', 'aria-label': 'Phase' }, PHASES.map((p) => h('li', { dataset: { phase: p } }, p)));
    this.progress = h('progress', { id: 'progress', max: '100', value: '0' });
    this.progressText = h('span', { id: 'progress-text' });
    this.progressBox = h('div', { class: 'progress', hidden: true }, h('label', { for: 'progress' }, 'Progress'), this.progress, this.progressText);
    this.alert = h('div', { class: 'alert', role: 'alert', hidden: true });
    this.cancelButton = h('button', { type: 'button', class: 'danger', hidden: true, 'aria-label': `Cancel run ${runId}` }, 'Cancel');
    this.cancelButton.addEventListener('click', () => this.cancel());
    this.log = h('ol', { class: 'log', id: 'events', role: 'log', 'aria-label': `Events of ${runId}` });
    this.note = h('p', { class: 'muted', id: 'stream-note' });
    this.attempts = h('ol', { class: 'attempts' });
    this.attemptsBox = h('div', { hidden: true }, h('h3', {}, 'Attempts'), this.attempts);
    fill(
      ctx.view,
      h(
        'div',
        { class: 'page-head' },
        h('p', { class: 'crumbs' }, h('a', { href: '#/' }, 'Jobs'), ' / ', h('a', { href: `#/jobs/${encodeURIComponent(jobId)}` }, jobId), ' / '),
        h('h1', {}, `Run ${runId} `, this.statusEl),
        h('div', { class: 'actions' }, this.cancelButton),
      ),
      this.phases,
      this.progressBox,
      this.alert,
      h('section', { class: 'panel', 'aria-labelledby': 'meta-title' }, h('h2', { id: 'meta-title', class: 'visually-hidden' }, 'Details'), this.meta, this.attemptsBox),
      h(
        'section',
        { class: 'panel', 'aria-labelledby': 'output-title' },
        h('div', { class: 'section-head' }, h('h2', { id: 'output-title' }, 'Output'), this.attemptBox),
        this.outputNote,
        this.output,
      ),
      h('section', { class: 'panel', 'aria-labelledby': 'events-title' }, h('h2', { id: 'events-title' }, 'Events'), this.note, this.log),
    );
  }

  /** Shows the run as the API last described it. */
  show(run) {
    // answers can cross on the wire: an ended run never goes back to running
    if (TERMINAL.includes(this.status) && !TERMINAL.includes(run.status)) return;
    this.run = run;
    const changed = this.status !== run.status;
    this.status = run.status;
    fill(this.statusEl, badge(run.status.replace('_', ' '), run.status));
    this.statusEl.dataset.status = run.status;
    this.setPhase(phaseOf(run.status));
    fill(
      this.meta,
      fact('Kind', run.backfillId != null ? `backfill #${run.backfillId}` : run.upstreamRunId ? ['after ', upstreamLink(run.upstreamRunId)] : run.kind),
      fact('Requested by', run.requestedBy || '–'),
      fact('Intended fire', timeEl(run.intendedFire)),
      fact('Started', timeEl(run.startedAt)),
      fact('Ended', timeEl(run.endedAt)),
      fact('Took', run.startedAt && run.endedAt ? spell(Date.parse(run.endedAt) - Date.parse(run.startedAt)) : '–'),
      fact('Attempts', String(run.attemptCount ?? '–')),
    );
    if (Array.isArray(run.attempts) && run.attempts.length) {
      fill(this.attempts, run.attempts.map(attemptLine));
      this.attemptsBox.hidden = false;
      this.showAttemptChoice(run.attempts);
    }
    const ended = TERMINAL.includes(run.status);
    this.cancelButton.hidden = ended;
    if (ended) this.showOutcome(run);
    if (changed) this.ctx.announce(`${this.runId} ${run.status.replace('_', ' ')}`);
  }

  setPhase(phase) {
    const at = PHASES.indexOf(phase);
    for (const li of this.phases.children) {
      const i = PHASES.indexOf(li.dataset.phase);
      li.classList.toggle('past', i < at);
      li.classList.toggle('current', i === at);
      if (i === at) li.setAttribute('aria-current', 'step');
      else li.removeAttribute('aria-current');
    }
    this.phases.dataset.phase = phase;
  }

  showOutcome(run) {
    if (run.status === 'succeeded') {
      this.alert.hidden = true;
      return;
    }
    // shown once per outcome, so that a button being pressed is never swapped under the pointer
    if (this.alert.dataset.status === run.status) return;
    this.alert.dataset.status = run.status;
    const error = run.error || {};
    const again = h('button', { type: 'button', class: 'primary', 'aria-label': `Run ${this.jobId} again` }, 'Run again');
    again.addEventListener('click', () => this.runAgain(again));
    fill(
      this.alert,
      h('p', {}, h('strong', {}, `Run ${run.status.replace('_', ' ')}`), run.reason ? ` (${run.reason})` : ''),
      error.code ? h('p', {}, h('code', {}, error.code), ': ', error.message || '') : null,
      error.details?.length ? h('ul', {}, error.details.map((d) => h('li', {}, `${d.path}: ${d.problem}`))) : null,
      again,
    );
    this.alert.classList.toggle('warn', ['cancelled', 'skipped'].includes(run.status));
    this.alert.hidden = false;
    if (['failed', 'timed_out'].includes(run.status)) this.quoteStderr(run.status);
  }

  /** Quotes the last lines of the latest attempt's stderr in the failure alert. */
  async quoteStderr(status) {
    let text = '';
    try {
      for (let offset = 0; ; ) {
        const page = await api.outputPage(this.runId, { stream: 'stderr', offset }, this.ctx.signal);
        text = (text + (page.text || '')).slice(-8192);
        if ((page.chunks || []).length < 1000) break;
        offset = page.nextOffset;
      }
    } catch {
      return; // the alert stands without it
    }
    const tail = text.replace(/\n$/, '').split('\n').slice(-STDERR_LINES).join('\n');
    if (!tail || this.alert.dataset.status !== status) return;
    this.alert.insertBefore(h('pre', { class: 'stderr-tail', id: 'stderr-tail', 'aria-label': 'Last lines of stderr' }, tail), this.alert.lastElementChild);
  }

  setProgress(percent, message, done, total) {
    this.progressBox.hidden = false;
    const value = Math.max(0, Math.min(100, Number(percent) || 0));
    this.progress.value = value;
    this.progress.textContent = `${value}%`;
    // "::progress 3/10" items: "3 of 10" alongside the percentage
    const items = done != null && total != null ? ` (${done} of ${total})` : '';
    this.progressText.textContent = `${value}%${items}` + (message ? ` ${message}` : '');
  }

  /** Handles one ledger event, whether it came live or from a page. */
  onEvent(event) {
    if (!event || typeof event.seq !== 'number' || event.seq <= this.lastSeq) return;
    this.lastSeq = event.seq;
    const type = event.type || event.eventType || 'event';
    const data = event.data || {};
    if (type === 'progress') this.setProgress(data.percent, event.message, data.done, data.total);
    if (type === 'attempt.started' && this.status === 'queued') this.setPhase('running');
    this.log.append(line(event, type, data));
    if (REFRESH_ON.includes(type)) this.refresh();
  }

  async refresh() {
    try {
      this.show(await api.run(this.jobId, this.runNo, this.ctx.signal));
    } catch (error) {
      this.ctx.fail(error);
    }
  }

  /** Follows the event stream until the run has ended, reconnecting after the last seen event. */
  async follow() {
    const { signal } = this.ctx;
    // data events carry ledger events; the closing "end" event carries the ended run
    const handlers = { message: (e) => this.onEvent(e), end: (r) => r?.status && this.show(r) };
    while (!signal.aborted) {
      try {
        if (TERMINAL.includes(this.status)) {
          await this.readRest();
          this.note.textContent = this.log.children.length ? '' : 'No events.';
          return;
        }
        this.note.textContent = 'Live';
        await api.follow(this.jobId, this.runNo, this.lastSeq, handlers, signal);
        this.show(await api.run(this.jobId, this.runNo, signal));
      } catch (error) {
        if (signal.aborted) return;
        if (error instanceof Unauthorized) return this.ctx.fail(error);
        this.note.textContent = `Event stream interrupted (${error.message}); reconnecting…`;
        await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
      }
    }
  }

  /** The attempt selector: one option per attempt, the one shown selected (the latest by default). */
  showAttemptChoice(attempts) {
    const shown = this.chosen ?? attempts[attempts.length - 1].attemptNo;
    const key = `${shown}|${attempts.map((a) => `${a.attemptNo}:${a.outcome || a.endedAt || ''}`).join(',')}`;
    if (key === this.attemptKey) return; // never re-rendered under the pointer for nothing
    this.attemptKey = key;
    const options = attempts.map((a) => {
      const outcome = a.outcome || (a.endedAt ? 'ended' : 'running');
      return h('option', { value: String(a.attemptNo), selected: a.attemptNo === shown }, `${a.attemptNo} (${outcome.replace('_', ' ')})`);
    });
    fill(this.attemptSelect, options);
    this.attemptSelect.value = String(shown);
    this.attemptBox.hidden = attempts.length < 2;
  }

  /** Shows the output of attempt n from its start (it stays chosen while the run goes on). */
  chooseAttempt(n) {
    if (!(n >= 1) || n === this.chosen) return;
    this.chosen = n;
    this.followOutput();
  }

  /** One chunk of output, stdout and stderr marked apart (stderr: class out-stderr). */
  addOutput(chunk) {
    if (!chunk || typeof chunk.seq !== 'number' || chunk.seq <= this.outOffset) return;
    this.outOffset = chunk.seq;
    this.output.append(h('span', { class: `out-${chunk.stream}`, dataset: { stream: chunk.stream } }, chunk.text));
  }

  /** Empties the pane for the output of another attempt (0: not known yet), read from its start. */
  clearOutput(attempt) {
    this.outOffset = 0;
    this.output.textContent = '';
    this.shownAttempt = attempt;
    if (attempt) this.output.dataset.attempt = String(attempt);
    else delete this.output.dataset.attempt;
  }

  /**
   * Follows what the chosen attempt prints, by default the run's latest: each round asks for one
   * attempt by number, so that when an attempt ends and the run goes on (a retry), the pane starts
   * over with the next attempt. Stops when the chosen attempt, or the run, has ended. Choosing
   * another attempt stops this follower and starts a new one.
   */
  async followOutput() {
    const gen = ++this.outGen;
    this.outCtl?.abort();
    const ctl = new AbortController();
    this.outCtl = ctl;
    this.ctx.signal.addEventListener('abort', () => ctl.abort(), { once: true });
    const { signal } = ctl;
    this.clearOutput(this.chosen ?? 0);
    const handlers = {
      stdout: (c) => gen === this.outGen && this.addOutput(c),
      stderr: (c) => gen === this.outGen && this.addOutput(c),
      end: (e) => {
        this.outEnd = e;
      },
    };
    let run = this.run;
    while (!signal.aborted && gen === this.outGen) {
      try {
        const attempt = this.chosen ?? (run?.attemptCount || 0);
        if (attempt && attempt !== this.shownAttempt) {
          if (this.shownAttempt || this.outOffset) this.clearOutput(attempt); // another attempt's
          else this.output.dataset.attempt = String((this.shownAttempt = attempt));
        }
        this.outEnd = null;
        this.outputNote.textContent = TERMINAL.includes(run?.status) ? '' : 'Live';
        await api.output(this.runId, { attempt: attempt || undefined, offset: this.outOffset }, handlers, signal);
        if (gen !== this.outGen) return;
        const end = this.outEnd;
        if (end?.attempt && !this.shownAttempt) {
          this.shownAttempt = end.attempt; // the run's first attempt, begun while we waited
          this.output.dataset.attempt = String(end.attempt);
        }
        run = await api.run(this.jobId, this.runNo, signal);
        if (gen !== this.outGen) return;
        if (end && this.chosen == null && (run.attemptCount || 0) > (end.attempt || 0)) continue;
        if (end && (this.chosen != null || TERMINAL.includes(run.status))) {
          this.outputNote.textContent = this.output.textContent ? '' : 'No output.';
          return;
        }
      } catch (error) {
        if (signal.aborted || gen !== this.outGen) return;
        if (error instanceof Unauthorized) return;
        this.outputNote.textContent = `Output stream interrupted (${error.message}); reconnecting…`;
      }
      await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
    }
  }

  /** Reads the events not seen yet as JSON pages (an ended run, or what the stream missed). */
  async readRest() {
    for (;;) {
      const answer = await api.events(this.jobId, this.runNo, this.lastSeq, this.ctx.signal);
      const events = answer.events || [];
      events.forEach((e) => this.onEvent(e));
      if (!events.length) return;
    }
  }

  async cancel() {
    this.cancelButton.disabled = true;
    try {
      await api.cancel(this.jobId, this.runNo);
      this.ctx.announce(`Cancel of ${this.runId} requested`);
    } catch (error) {
      this.ctx.problem(error);
    } finally {
      this.cancelButton.disabled = false;
    }
  }

  async runAgain(button) {
    button.disabled = true;
    try {
      const started = await api.runNow(this.jobId);
      this.ctx.navigate(`#/runs/${encodeURIComponent(this.jobId)}/${started.runNo}`);
    } catch (error) {
      this.ctx.problem(error);
      button.disabled = false;
    }
  }
}

function fact(term, value) {
  return [h('dt', {}, term), h('dd', {}, value)];
}

/** A link to the upstream run (`<jobId>#<runNo>`) whose end started an `after` run. */
function upstreamLink(runId) {
  const at = runId.lastIndexOf('#');
  const job = runId.slice(0, at);
  return h('a', { href: `#/runs/${encodeURIComponent(job)}/${runId.slice(at + 1)}`, id: 'upstream-run' }, runId);
}

function attemptLine(a) {
  const outcome = a.outcome || (a.endedAt ? 'ended' : 'running');
  return h(
    'li',
    { value: a.attemptNo },
    `${a.kind} on ${a.owner}: `,
    badge(outcome.replace('_', ' '), outcome),
    a.exitCode != null ? ` exit ${a.exitCode}` : '',
    a.superseded ? ' (superseded)' : '',
    a.detail ? h('span', { class: 'muted' }, ` ${a.detail}`) : null,
  );
}

function line(event, type, data) {
  const extra = Object.entries(data)
    .filter(([k]) => k !== 'percent')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const at = event.at || event.occurredAt;
  return h(
    'li',
    { class: `ev t-${type.replace(/[^a-z]/g, '-')}`, dataset: { seq: event.seq, type } },
    h('span', { class: 'seq' }, String(event.seq)),
    at ? h('time', { datetime: at, title: at }, new Date(at).toLocaleTimeString(undefined, { hour12: false })) : null,
    h('span', { class: 'type' }, type),
    event.attemptNo ? h('span', { class: 'attempt' }, `attempt ${event.attemptNo}`) : null,
    h('span', { class: 'msg' }, event.message || ''),
    extra ? h('span', { class: 'data' }, extra) : null,
  );
}
