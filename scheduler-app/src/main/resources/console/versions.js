// A job's saved versions (GET /jobs/{id}/versions, newest first) and a line diff of the specs of
// two chosen versions. The specs are as the API gives them: masked, ${env:NAME} references kept.
import { ApiError, api } from './api.js';
import { fill, h, timeEl } from './dom.js';

export async function versionsSection(ctx, j) {
  let versions;
  try {
    versions = (await api.versions(j.id, ctx.signal)).versions || [];
  } catch (error) {
    // a node older than versions, or a job with none: the rest of the page still shows
    if (!(error instanceof ApiError) || error.status !== 404) throw error;
    versions = [];
  }
  const section = h('section', { 'aria-labelledby': 'versions-title', class: 'panel', id: 'versions' }, h('h2', { id: 'versions-title' }, 'Versions'));
  if (!versions.length) {
    section.append(h('p', { class: 'muted' }, 'No saved versions.'));
    return section;
  }
  section.append(
    h(
      'table',
      { class: 'versions' },
      h('caption', { class: 'visually-hidden' }, `Saved versions of ${j.id}, newest first`),
      h('thead', {}, h('tr', {}, ['Version', 'Owner', 'Saved by', 'Saved at', 'Content hash'].map((c) => h('th', { scope: 'col' }, c)))),
      h(
        'tbody',
        {},
        versions.map((v) =>
          h(
            'tr',
            { dataset: { version: v.version } },
            h('td', { 'data-label': 'Version' }, String(v.version)),
            h('td', { 'data-label': 'Owner' }, v.owner, v.source ? h('span', { class: 'muted' }, ` ${v.source}`) : null),
            h('td', { 'data-label': 'Saved by' }, v.savedBy || '–'),
            h('td', { 'data-label': 'Saved at' }, timeEl(v.savedAt)),
            h('td', { 'data-label': 'Content hash' }, h('code', { title: v.specHash }, (v.specHash || '').slice(0, 12))),
          ),
        ),
      ),
    ),
  );
  if (versions.length < 2) {
    section.append(h('p', { class: 'muted' }, 'One version: nothing to compare yet.'));
    return section;
  }
  const choose = (id, selected) =>
    h('select', { id, name: id }, versions.map((v) => h('option', { value: String(v.version), selected: v.version === selected }, `version ${v.version}`)));
  const from = choose('diff-from', versions[1].version);
  const to = choose('diff-to', versions[0].version);
  const out = h('pre', { class: 'spec diff', id: 'diff', tabindex: '0', 'aria-label': 'Differences between the two versions' });
  const render = () => {
    const a = versions.find((v) => String(v.version) === from.value);
    const b = versions.find((v) => String(v.version) === to.value);
    const rows = diffLines(pretty(a.spec), pretty(b.spec));
    const changed = rows.filter(([k]) => k !== ' ').length;
    fill(
      out,
      changed
        ? rows.map(([kind, line]) => h('span', { class: kind === '+' ? 'add' : kind === '-' ? 'del' : 'same', dataset: { kind } }, `${kind} ${line}\n`))
        : 'The two versions have the same spec.',
    );
  };
  from.addEventListener('change', render);
  to.addEventListener('change', render);
  section.append(
    h('div', { class: 'filter diff-choice' }, h('label', { for: 'diff-from' }, 'Compare'), from, h('label', { for: 'diff-to' }, 'with'), to),
    out,
  );
  render();
  return section;
}

/** Pretty JSON with keys in order, so that the same content always reads the same. */
function pretty(spec) {
  const sort = (v) =>
    Array.isArray(v) ? v.map(sort) : v && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort(v[k])])) : v;
  return JSON.stringify(sort(spec ?? {}), null, 2).split('\n');
}

/** A line diff (longest common subsequence): [[' '|'-'|'+', line], ...] from a to b. */
export function diffLines(a, b) {
  const n = a.length;
  const m = b.length;
  const lcs = Array.from({ length: n + 1 }, () => new Int32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) {
    for (let k = m - 1; k >= 0; k--) {
      lcs[i][k] = a[i] === b[k] ? lcs[i + 1][k + 1] + 1 : Math.max(lcs[i + 1][k], lcs[i][k + 1]);
    }
  }
  const out = [];
  let i = 0;
  let k = 0;
  while (i < n && k < m) {
    if (a[i] === b[k]) {
      out.push([' ', a[i]]);
      i++;
      k++;
    } else if (lcs[i + 1][k] >= lcs[i][k + 1]) {
      out.push(['-', a[i++]]);
    } else {
      out.push(['+', b[k++]]);
    }
  }
  while (i < n) out.push(['-', a[i++]]);
  while (k < m) out.push(['+', b[k++]]);
  return out;
}
