// What the views need from the API's answers, in one place (docs/openapi.yaml names the fields).

/** A job of the list or of GET /jobs/{id}. */
export function job(j) {
  const last = j.lastRun || null;
  return {
    id: j.id,
    description: j.description || '',
    enabled: j.enabled !== false,
    paused: Boolean(j.paused ?? j.pause?.paused),
    pausedBy: j.pause?.pausedBy || null,
    pauseAfterFailures: j.spec?.policy?.pauseAfterFailures ?? null,
    schedule: j.schedule || [],
    scheduleText: j.scheduleText || j.scheduleDescription || (j.schedule?.length ? j.schedule.join(' | ') : ''),
    timezone: j.timezone || null,
    nextFire: j.nextFire || null,
    lastRun: last && { runNo: last.runNo, status: last.status, at: last.endedAt || last.startedAt || last.createdAt },
    lastSuccess: j.lastSuccessAt || j.lastSuccess || null,
    active: j.activeRun || (last && ['queued', 'running'].includes(last.status) ? last : null),
    spec: j.spec || null,
    upcoming: (j.upcoming || []).map((u) => (typeof u === 'string' ? { instant: u } : u)),
    owner: j.owner || 'file',
    version: j.version ?? null,
    source: j.source || null,
    upstream: j.upstream || [],
    downstream: j.downstream || [],
  };
}

/**
 * The pause badge's words: who paused the job, and why when its pauseAfterFailures policy did
 * (docs/policies.md, "Pause after failures"); plain "Paused" when who is not known (the job grid).
 */
export function pauseText(j) {
  if (!j.paused) return null;
  if (j.pausedBy === 'policy') {
    return j.pauseAfterFailures
      ? `Paused by policy after ${j.pauseAfterFailures} failure${j.pauseAfterFailures === 1 ? '' : 's'}`
      : 'Paused by policy';
  }
  return j.pausedBy ? `Paused by ${j.pausedBy}` : 'Paused';
}

/** What a card says the job is doing now (an operator's pause has a badge of its own). */
export function jobState(j) {
  if (!j.enabled) return ['disabled', 'disabled'];
  if (j.active) return [j.active.status || 'running', j.active.status || 'running'];
  if (!j.schedule.length && !j.nextFire) return ['manual only', 'manual'];
  return ['scheduled', 'scheduled'];
}

export const TERMINAL = ['succeeded', 'failed', 'timed_out', 'cancelled', 'skipped', 'abandoned'];
export const OUTCOMES = ['queued', 'running', ...TERMINAL];

/** queued → running → done */
export function phaseOf(status) {
  if (status === 'queued') return 'queued';
  if (status === 'running') return 'running';
  return 'done';
}
