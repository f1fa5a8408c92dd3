import { describeError, get, query } from '../api.js';
import { button, h, render, select } from '../dom.js';
import { age, json, state, time } from '../format.js';
import type { ConsolePage, PageFactory } from '../page.js';
import { CursorPager } from '../pager.js';
import type { Change, Connector, Page, Run } from '../types.js';

const KINDS = ['reconcile', 'availability', 'conversation', 'chat-release', 'settings'];
const OUTCOMES = ['ok', 'partial', 'failed', 'blocked', 'skipped', 'interrupted', 'running'];
// A first sync of 10,000 operators is 10,000 changes: shown a slice at a time.
const CHANGES_SHOWN = 500;

/** `datetime-local` is the admin's local time; the API takes ISO-8601. */
const toIso = (local: string): string | undefined => (local ? new Date(local).toISOString() : undefined);

const changeRow = (change: Change): HTMLTableRowElement =>
  h(
    'tr',
    { attrs: { 'data-action': change.action } },
    h('td', null, change.operatorKey ?? h('span', { class: 'muted' }, '(none)')),
    h('td', null, change.action),
    h('td', null, change.field ?? ''),
    h('td', { class: 'value' }, json(change.before)),
    h('td', { class: 'value' }, json(change.after)),
    h('td', null, state(change.outcome), change.error ? h('div', { class: 'error' }, change.error) : null),
  );

/** One run with its changes, before and after (errors as stored: redacted). */
export const runDetail = (run: Run, shown = CHANGES_SHOWN, more?: () => void): HTMLElement => {
  const changes = run.changes ?? [];
  return h(
    'section',
    { class: 'panel', attrs: { 'data-testid': 'run-detail', 'data-run': run.id } },
    h(
      'h2',
      null,
      `Run #${run.id} · ${run.connectorId} · ${run.kind}${run.dryRun ? ' (dry run)' : ''} `,
      state(run.outcome),
    ),
    h(
      'p',
      { class: 'muted' },
      `${run.trigger} · started ${time(run.startedAt)} · finished ${time(run.finishedAt)} · `,
      Object.entries(run.counts)
        .map(([k, v]) => `${v} ${k}`)
        .join(', '),
    ),
    run.error ? h('p', { class: 'error' }, run.error) : null,
    changes.length === 0
      ? h('p', { class: 'muted' }, 'Nothing to change.')
      : h(
          'table',
          { class: 'table changes' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['operator', 'action', 'field', 'before', 'after', 'outcome'].map((t) => h('th', null, t)),
            ),
          ),
          h('tbody', null, changes.slice(0, shown).map(changeRow)),
        ),
    changes.length > shown && more
      ? button(
          `Show ${Math.min(CHANGES_SHOWN, changes.length - shown)} more of ${changes.length - shown}`,
          more,
        )
      : null,
  );
};

export const runsPage: PageFactory = (container, params): ConsolePage => {
  const filters = { connectorId: '', kind: '', outcome: '', since: '', until: '' };
  const pager = new CursorPager();
  const controls = h('div', { class: 'filters' });
  const list = h('div');
  const pagerRegion = h('div');
  const detail = h('div');
  let selected = Number(params.get('id')) || undefined;
  let connectors: Connector[] = [];

  const changed = () => {
    pager.reset();
    void page.refresh();
  };
  const dateField = (label: string, key: 'since' | 'until') =>
    h(
      'label',
      { class: 'field' },
      h('span', null, label),
      h('input', {
        attrs: { type: 'datetime-local', value: filters[key], 'data-testid': `runs-${key}` },
        on: {
          change: (event) => {
            filters[key] = (event.target as HTMLInputElement).value;
            changed();
          },
        },
      }),
    );
  const renderControls = () =>
    render(
      controls,
      select(
        'Connector',
        [['', 'any'], ...connectors.map((c) => [c.id, c.id] as const)],
        filters.connectorId,
        (v) => {
          filters.connectorId = v;
          changed();
        },
        'runs-connector',
      ),
      select(
        'Kind',
        [['', 'any'], ...KINDS.map((k) => [k, k] as const)],
        filters.kind,
        (v) => {
          filters.kind = v;
          changed();
        },
        'runs-kind',
      ),
      select(
        'Outcome',
        [['', 'any'], ...OUTCOMES.map((o) => [o, o] as const)],
        filters.outcome,
        (v) => {
          filters.outcome = v;
          changed();
        },
        'runs-outcome',
      ),
      dateField('Since', 'since'),
      dateField('Until', 'until'),
    );

  const showDetail = async (id: number, shown = CHANGES_SHOWN) => {
    selected = id;
    try {
      const run = await get<Run>(`/api/runs/${id}`);
      render(
        detail,
        runDetail(run, shown, () => void showDetail(id, shown + CHANGES_SHOWN)),
      );
    } catch (error) {
      render(detail, h('p', { class: 'error' }, describeError(error)));
    }
  };

  const page: ConsolePage = {
    async refresh() {
      if (connectors.length === 0) {
        connectors = (await get<{ items: Connector[] }>('/api/connectors')).items;
        renderControls();
      }
      const runs = await get<Page<Run>>(
        `/api/runs${query({
          connectorId: filters.connectorId,
          kind: filters.kind,
          outcome: filters.outcome,
          since: toIso(filters.since),
          until: toIso(filters.until),
          changes: false,
          limit: 50,
          cursor: pager.cursor,
        })}`,
      );
      pager.next = runs.nextCursor;
      render(
        list,
        h(
          'table',
          { class: 'table', attrs: { 'data-testid': 'runs' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['run', 'connector', 'kind', 'trigger', 'outcome', 'changes', 'started'].map((t) =>
                h('th', null, t),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            runs.items.length === 0
              ? h('tr', null, h('td', { attrs: { colspan: 7 }, class: 'muted' }, 'No run matches.'))
              : runs.items.map((run) =>
                  h(
                    'tr',
                    {
                      class: run.id === selected ? 'selected clickable' : 'clickable',
                      attrs: { 'data-run': run.id },
                      on: { click: () => void showDetail(run.id) },
                    },
                    h('td', null, h('a', { attrs: { href: `#/runs?id=${run.id}` } }, `#${run.id}`)),
                    h('td', null, run.connectorId),
                    h('td', null, run.kind, run.dryRun ? h('span', { class: 'muted' }, ' (dry)') : null),
                    h('td', null, run.trigger),
                    h(
                      'td',
                      null,
                      state(run.outcome),
                      run.error ? h('div', { class: 'error small' }, run.error) : null,
                    ),
                    h(
                      'td',
                      null,
                      `${run.counts.planned ?? 0} planned, ${run.counts.applied ?? 0} applied, ${run.counts.findings ?? 0} findings`,
                    ),
                    h('td', { title: time(run.startedAt) }, age(run.startedAt)),
                  ),
                ),
          ),
        ),
      );
      render(
        pagerRegion,
        pager.controls(() => void page.refresh(), 'runs'),
      );
    },
  };
  render(container, h('h1', null, 'Runs'), controls, pagerRegion, list, detail);
  if (selected) {
    void showDetail(selected);
  }
  return page;
};
