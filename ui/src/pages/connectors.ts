import { describeError, get, post } from '../api.js';
import { button, confirmDialog, h, render } from '../dom.js';
import { age, json, state, time } from '../format.js';
import type { ConsolePage, PageFactory } from '../page.js';
import type { Change, Connector, Run } from '../types.js';

/** Changes that take an operator away: what "allow deletes once" would let through. */
const isRemoval = (change: Change): boolean =>
  change.action === 'delete' ||
  (change.action === 'update' &&
    change.field === 'status' &&
    change.before === 'active' &&
    change.after !== 'active');

const runLink = (run: Run | null): Node =>
  run
    ? h(
        'span',
        null,
        h('a', { attrs: { href: `#/runs?id=${run.id}` } }, `#${run.id}`),
        ' ',
        run.kind,
        ' ',
        state(run.outcome),
        h('span', { class: 'muted' }, ` ${age(run.finishedAt ?? run.startedAt)}`),
      )
    : document.createTextNode('—');

export const connectorsPage: PageFactory = (container): ConsolePage => {
  const list = h('div', { class: 'cards' });
  const message = h('div', { attrs: { role: 'status', 'aria-live': 'polite' } });
  let busy = false;

  const act = async (what: string, action: () => Promise<Run>) => {
    if (busy) {
      return;
    }
    busy = true;
    render(message, h('p', { class: 'notice' }, `${what}…`));
    try {
      const run = await action();
      render(
        message,
        h(
          'p',
          { class: 'notice', attrs: { 'data-testid': 'action-result' } },
          `${what}: run `,
          h('a', { attrs: { href: `#/runs?id=${run.id}` } }, `#${run.id}`),
          ' ',
          state(run.outcome),
          run.error ? ` — ${run.error}` : '',
        ),
      );
    } catch (error) {
      render(message, h('p', { class: 'error' }, `${what} failed: ${describeError(error)}`));
    } finally {
      busy = false;
      await page.refresh();
    }
  };

  const allowDeletesOnce = async (connector: Connector, blocked: Run) => {
    const run = await get<Run>(`/api/runs/${blocked.id}`);
    const removals = (run.changes ?? []).filter(isRemoval);
    const confirmed = await confirmDialog({
      title: `Allow deletes once on ${connector.id}?`,
      danger: true,
      confirm: `Sync ${connector.id} with deletes allowed`,
      body: [
        h('p', null, `Run #${blocked.id} was blocked by the deletion safeguard: ${blocked.error ?? ''}`),
        h(
          'p',
          null,
          `This sync runs once past the threshold and records that you allowed it. It would remove ${removals.length} operator(s):`,
        ),
        h(
          'ul',
          { class: 'removals' },
          removals
            .slice(0, 50)
            .map((c) =>
              h(
                'li',
                null,
                `${c.operatorKey ?? '(unmanaged)'}: ${c.action} ${json(c.before)} → ${json(c.after)}`,
              ),
            ),
          removals.length > 50 ? h('li', null, `… and ${removals.length - 50} more`) : null,
        ),
      ],
    });
    if (confirmed) {
      await act(`Sync of ${connector.id} with deletes allowed once`, () =>
        post<Run>(`/api/connectors/${encodeURIComponent(connector.id)}/reconcile`, { allowDeletes: true }),
      );
    }
  };

  const card = (c: Connector): HTMLElement =>
    h(
      'section',
      { class: 'card', attrs: { 'data-connector': c.id, 'aria-label': `connector ${c.id}` } },
      h(
        'h2',
        null,
        c.id,
        ' ',
        h('span', { class: 'muted' }, c.type),
        ' ',
        state(c.enabled ? c.health : 'disabled'),
      ),
      h(
        'dl',
        { class: 'facts' },
        h('dt', null, 'Credentials'),
        h('dd', null, state(c.credentials)),
        h('dt', null, 'Last success'),
        h('dd', { title: time(c.lastSuccessAt) }, age(c.lastSuccessAt)),
        h('dt', null, 'Last run'),
        h('dd', null, runLink(c.lastRun)),
        h('dt', null, 'Next run'),
        h('dd', { title: time(c.nextRunAt) }, c.enabled ? age(c.nextRunAt) : '—'),
        h('dt', null, 'Back-off'),
        h(
          'dd',
          null,
          c.backoffUntil && Date.parse(c.backoffUntil) > Date.now()
            ? `until ${time(c.backoffUntil)} (${c.consecutiveFailures} failure(s) in a row)`
            : c.consecutiveFailures > 0
              ? `${c.consecutiveFailures} failure(s) in a row`
              : 'none',
        ),
        h('dt', null, 'Capabilities'),
        h('dd', null, c.capabilities.join(', ') || '—'),
      ),
      c.lastError ? h('p', { class: 'error' }, c.lastError) : null,
      c.blockedRun
        ? h(
            'div',
            { class: 'blocked', attrs: { 'data-testid': `blocked-${c.id}` } },
            h('strong', null, 'Blocked by the deletion safeguard. '),
            c.blockedRun.error ?? '',
            ' ',
            runLink(c.blockedRun),
            h(
              'div',
              { class: 'actions' },
              button('Allow deletes once…', () => void allowDeletesOnce(c, c.blockedRun!), {
                kind: 'danger',
                testId: `allow-deletes-${c.id}`,
              }),
            ),
          )
        : null,
      c.enabled
        ? h(
            'div',
            { class: 'actions' },
            button(
              'Plan (dry run)',
              () =>
                void act(`Plan of ${c.id}`, () =>
                  post<Run>(`/api/connectors/${encodeURIComponent(c.id)}/reconcile`, { dryRun: true }),
                ),
              {
                testId: `plan-${c.id}`,
              },
            ),
            button(
              'Sync now',
              () =>
                void act(`Sync of ${c.id}`, () =>
                  post<Run>(`/api/connectors/${encodeURIComponent(c.id)}/reconcile`, {}),
                ),
              {
                kind: 'primary',
                testId: `sync-${c.id}`,
              },
            ),
          )
        : null,
    );

  const page: ConsolePage = {
    async refresh() {
      const { items } = await get<{ items: Connector[] }>('/api/connectors');
      render(list, items.map(card));
    },
  };
  render(container, h('h1', null, 'Connectors'), message, list);
  return page;
};
