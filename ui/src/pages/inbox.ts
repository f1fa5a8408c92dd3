import { describeError, get, post, query } from '../api.js';
import { button, confirmDialog, h, render } from '../dom.js';
import { age, state, time } from '../format.js';
import type { ConsolePage, PageFactory } from '../page.js';
import { CursorPager } from '../pager.js';
import type { InboxEvent, Page } from '../types.js';

const STATES = ['dead', 'failed', 'pending', 'done', ''] as const;

export const inboxPage: PageFactory = (container): ConsolePage => {
  let filter: (typeof STATES)[number] = 'dead';
  let selected: number | undefined;
  const pager = new CursorPager();
  const tabs = h('div', { class: 'tabs', attrs: { role: 'tablist' } });
  const list = h('div');
  const pagerRegion = h('div');
  const detail = h('div');

  const renderTabs = () =>
    render(
      tabs,
      STATES.map((s) =>
        h(
          'button',
          {
            class: s === filter ? 'tab active' : 'tab',
            attrs: {
              type: 'button',
              role: 'tab',
              'aria-selected': s === filter,
              'data-testid': `inbox-tab-${s || 'all'}`,
            },
            on: {
              click: () => {
                filter = s;
                pager.reset();
                renderTabs();
                void page.refresh();
              },
            },
          },
          s || 'all',
        ),
      ),
    );

  const replay = async (event: InboxEvent) => {
    const confirmed = await confirmDialog({
      title: `Replay event #${event.id}?`,
      confirm: 'Replay',
      body: h(
        'p',
        null,
        `The ${event.kind} event from ${event.connectorId} goes back to the queue with a fresh attempt budget.`,
      ),
    });
    if (!confirmed) {
      return;
    }
    try {
      const replayed = await post<InboxEvent>(`/api/events/${event.id}/replay`);
      await showDetail(replayed.id);
    } catch (error) {
      render(detail, h('p', { class: 'error' }, `replay failed: ${describeError(error)}`));
    }
    await page.refresh();
  };

  const showDetail = async (id: number) => {
    selected = id;
    const event = await get<InboxEvent>(`/api/events/${id}`);
    render(
      detail,
      h(
        'section',
        { class: 'panel', attrs: { 'data-testid': 'event-detail', 'data-event': event.id } },
        h('h2', null, `Event #${event.id} · ${event.connectorId} · ${event.kind} `, state(event.state)),
        h(
          'p',
          { class: 'muted' },
          `received ${time(event.receivedAt)} · ${event.attempts} attempt(s) · next ${time(event.nextAttemptAt)} · processed ${time(event.processedAt)}`,
        ),
        h('p', { class: 'muted' }, `dedupe key: ${event.dedupeKey}`),
        event.lastError ? h('p', { class: 'error' }, event.lastError) : null,
        event.state === 'dead' || event.state === 'failed'
          ? button('Replay', () => void replay(event), { kind: 'primary', testId: 'replay' })
          : null,
        h('h3', null, 'Payload (as stored, secrets cut out)'),
        h(
          'pre',
          { class: 'payload', attrs: { 'data-testid': 'payload' } },
          JSON.stringify(event.payload, null, 2),
        ),
      ),
    );
  };

  const page: ConsolePage = {
    async refresh() {
      const events = await get<Page<InboxEvent>>(
        `/api/events${query({ state: filter, limit: 50, cursor: pager.cursor })}`,
      );
      pager.next = events.nextCursor;
      render(
        list,
        h(
          'table',
          { class: 'table', attrs: { 'data-testid': 'events' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['event', 'connector', 'kind', 'state', 'attempts', 'received', 'last error'].map((t) =>
                h('th', null, t),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            events.items.length === 0
              ? h('tr', null, h('td', { attrs: { colspan: 7 }, class: 'muted' }, 'No event in this state.'))
              : events.items.map((event) =>
                  h(
                    'tr',
                    {
                      class: event.id === selected ? 'selected clickable' : 'clickable',
                      attrs: { 'data-event': event.id },
                      on: {
                        click: () =>
                          void showDetail(event.id).catch((e: unknown) =>
                            render(detail, h('p', { class: 'error' }, describeError(e))),
                          ),
                      },
                    },
                    h('td', null, `#${event.id}`),
                    h('td', null, event.connectorId),
                    h('td', null, event.kind),
                    h('td', null, state(event.state)),
                    h('td', null, String(event.attempts)),
                    h('td', { title: time(event.receivedAt) }, age(event.receivedAt)),
                    h('td', { class: 'error small' }, event.lastError ?? ''),
                  ),
                ),
          ),
        ),
      );
      render(
        pagerRegion,
        pager.controls(() => void page.refresh(), 'events'),
      );
    },
  };
  renderTabs();
  render(
    container,
    h('h1', null, 'Inbox'),
    h('p', { class: 'muted' }, 'Webhook events by state; dead and failed ones can be replayed.'),
    tabs,
    pagerRegion,
    list,
    detail,
  );
  return page;
};
