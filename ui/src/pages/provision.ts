import { describeError, get, post, query } from '../api.js';
import { button, confirmDialog, h, render } from '../dom.js';
import { state } from '../format.js';
import type { ConsolePage, PageFactory } from '../page.js';
import type { Json, Operator, Page, Run } from '../types.js';
import { runDetail } from './runs.js';

interface Match {
  /** `link`, `email`, `name`, `key`, `ambiguous` or `none`. */
  by: string;
  says: string;
}

const matchedBy = (after: Json): string =>
  typeof after === 'string'
    ? after
    : typeof after === 'object' &&
        after !== null &&
        !Array.isArray(after) &&
        typeof after.matchedBy === 'string'
      ? after.matchedBy
      : '?';

/** How the run found (or did not find) the operator on its connector. */
const matchOf = (run: Run, operator: Operator): Match => {
  const changes = (run.changes ?? []).filter((c) => c.operatorKey === operator.key);
  const link = changes.find((c) => c.action === 'link');
  if (link) {
    const by = matchedBy(link.after);
    return { by, says: `matched by ${by === 'email' ? 'e-mail' : by}: the account will be linked` };
  }
  const existing = operator.links.find((l) => l.connectorId === run.connectorId);
  if (existing) {
    return { by: 'link', says: `already linked to remote id ${existing.remoteId} (${existing.name})` };
  }
  const ambiguous = changes.find((c) => c.action === 'report' && c.field === 'ambiguous');
  if (ambiguous) {
    return {
      by: 'ambiguous',
      says: typeof ambiguous.after === 'string' ? ambiguous.after : 'several accounts match',
    };
  }
  if (changes.some((c) => c.action === 'create')) {
    return { by: 'none', says: 'no account matches: one will be created' };
  }
  return { by: 'none', says: 'no account matches, and none is created (see the run)' };
};

const findOperator = async (key: string): Promise<Operator | undefined> =>
  (await get<Page<Operator>>(`/api/operators${query({ q: key, limit: 1000 })}`)).items.find(
    (o) => o.key === key,
  );

export const provisionPage: PageFactory = (container, params): ConsolePage => {
  const picker = h('div', { class: 'panel' });
  const result = h('div');
  const suggestions = h('ul', { class: 'suggestions', attrs: { 'data-testid': 'operator-suggestions' } });
  const key = params.get('key') ?? '';
  let timer: number | undefined;

  const suggest = async (text: string) => {
    const { items } = await get<Page<Operator>>(`/api/operators${query({ q: text, limit: 20 })}`);
    render(
      suggestions,
      items.map((o) =>
        h(
          'li',
          null,
          h('a', { attrs: { href: `#/provision?key=${encodeURIComponent(o.key)}` } }, o.key),
          ` ${o.name}`,
          o.email ? h('span', { class: 'muted' }, ` ${o.email}`) : null,
        ),
      ),
    );
  };

  const showRuns = (operator: Operator, runs: Run[], applied: boolean) =>
    render(
      result,
      h('h2', null, applied ? `Applied for ${operator.key}` : `What a sync of ${operator.key} would do`),
      h(
        'table',
        { class: 'table', attrs: { 'data-testid': 'provision-matches' } },
        h(
          'thead',
          null,
          h(
            'tr',
            null,
            ['connector', 'match', 'how', 'changes', 'outcome'].map((t) => h('th', null, t)),
          ),
        ),
        h(
          'tbody',
          null,
          runs.map((run) => {
            const match = matchOf(run, operator);
            const writes = (run.changes ?? []).filter(
              (c) => c.action !== 'report' && c.operatorKey === operator.key,
            );
            return h(
              'tr',
              { attrs: { 'data-connector': run.connectorId, 'data-match': match.by } },
              h('td', null, run.connectorId),
              h(
                'td',
                null,
                state(
                  match.by === 'none' ? 'missing' : match.by === 'ambiguous' ? 'ambiguous' : 'linked',
                  match.by,
                ),
              ),
              h('td', null, match.says),
              h(
                'td',
                null,
                writes.length === 0
                  ? 'nothing to write'
                  : writes.map((c) => `${c.action}${c.field ? ` ${c.field}` : ''}`).join(', '),
              ),
              h(
                'td',
                null,
                state(run.outcome),
                run.error ? h('div', { class: 'error small' }, run.error) : null,
              ),
            );
          }),
        ),
      ),
      applied
        ? null
        : h(
            'div',
            { class: 'actions' },
            button(`Apply for ${operator.key} alone`, () => void apply(operator), {
              kind: 'primary',
              testId: 'provision-apply',
            }),
          ),
      runs.map((run) => runDetail(run)),
    );

  const plan = async () => {
    if (!key) {
      render(result);
      return;
    }
    render(result, h('p', { class: 'muted' }, `planning ${key}…`));
    try {
      const operator = await findOperator(key);
      if (!operator) {
        render(result, h('p', { class: 'error' }, `no operator "${key}"`));
        return;
      }
      const { runs } = await post<{ runs: Run[] }>(`/api/operators/${encodeURIComponent(key)}/sync`, {
        dryRun: true,
      });
      showRuns(operator, runs, false);
    } catch (error) {
      render(result, h('p', { class: 'error' }, describeError(error)));
    }
  };

  const apply = async (operator: Operator) => {
    const confirmed = await confirmDialog({
      title: `Provision ${operator.key} now?`,
      confirm: 'Apply',
      body: h(
        'p',
        null,
        `Every connector but the directory's source is reconciled for ${operator.key} (${operator.name}) alone; other operators are left as they are.`,
      ),
    });
    if (!confirmed) {
      return;
    }
    render(result, h('p', { class: 'muted' }, `provisioning ${operator.key}…`));
    try {
      const { runs } = await post<{ runs: Run[] }>(
        `/api/operators/${encodeURIComponent(operator.key)}/sync`,
        {},
      );
      showRuns((await findOperator(operator.key)) ?? operator, runs, true);
    } catch (error) {
      render(result, h('p', { class: 'error' }, describeError(error)));
    }
  };

  render(
    picker,
    h(
      'label',
      { class: 'field' },
      h('span', null, 'Operator'),
      h('input', {
        attrs: {
          type: 'search',
          value: key,
          placeholder: 'key, name or e-mail',
          'data-testid': 'provision-search',
        },
        on: {
          input: (event) => {
            const text = (event.target as HTMLInputElement).value.trim();
            window.clearTimeout(timer);
            timer = window.setTimeout(() => void suggest(text).catch(() => undefined), 250);
          },
        },
      }),
    ),
    suggestions,
  );
  render(
    container,
    h('h1', null, 'Provision on demand'),
    h(
      'p',
      { class: 'muted' },
      'Pick an operator: see how each connector matches it and what a sync would write, then apply it for that operator alone.',
    ),
    picker,
    result,
  );
  void plan();
  // Planning is a request with effects on nobody, but not free: it runs when asked, not on every poll.
  return { refresh: () => Promise.resolve(), destroy: () => window.clearTimeout(timer) };
};
