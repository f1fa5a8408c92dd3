import { describeError, get, query } from '../api.js';
import { h, render, select } from '../dom.js';
import { age, state } from '../format.js';
import type { ConsolePage, PageFactory } from '../page.js';
import { CursorPager } from '../pager.js';
import type { Connector, Operator, Page } from '../types.js';
import { LINK_TITLES, loadUnmanaged } from './unmanaged.js';

interface Filters {
  q: string;
  status: string;
  availability: string;
  missing: string;
  limit: number;
}

/** Why no account is expected for this operator (the planner creates active agents only), if so. */
const notCreated = (operator: Operator): string | undefined =>
  operator.role === 'integration'
    ? 'integration accounts are never created, only kept unassignable where they exist'
    : operator.status !== 'active'
      ? `${operator.status} in the roster: no account is created`
      : undefined;

/** One cell of the matrix: link state, the status and availability the platform reports, and their age. */
const cell = (operator: Operator, connector: Connector): HTMLTableCellElement => {
  if (!connector.enabled) {
    return h('td', { class: 'cell cell-muted' }, state('disabled'));
  }
  const link = operator.links.find((l) => l.connectorId === connector.id);
  const findings = operator.findings.filter((f) => f.connectorId === connector.id);
  const ambiguous = findings.find((f) => f.kind === 'ambiguous');
  const linkState = link ? 'linked' : ambiguous ? 'ambiguous' : 'missing';
  const statusDiffers = link?.status && link.status !== operator.status;
  return h(
    'td',
    { class: `cell cell-${linkState}`, attrs: { 'data-link': linkState, 'data-connector': connector.id } },
    !link && !ambiguous && notCreated(operator)
      ? state('n/a', notCreated(operator))
      : state(linkState, ambiguous?.message ?? LINK_TITLES[linkState]),
    link
      ? h(
          'div',
          {
            class: 'cell-detail',
            title: `remote id ${link.remoteId} · ${link.name}${link.email ? ` · ${link.email}` : ''}`,
          },
          h(
            'span',
            {
              class: statusDiffers ? 'differs' : undefined,
              title: statusDiffers ? `roster: ${operator.status}` : undefined,
            },
            link.status ?? '—',
          ),
          ' · ',
          link.availability ?? '—',
          h('span', { class: 'muted' }, ` · seen ${age(link.seenAt)}`),
        )
      : null,
    findings
      .filter((f) => f.kind !== 'ambiguous')
      .map((f) => h('div', { class: 'cell-finding', title: f.message }, `! ${f.kind}`)),
  );
};

const row = (operator: Operator, connectors: Connector[]): HTMLTableRowElement =>
  h(
    'tr',
    { attrs: { 'data-operator': operator.key } },
    h(
      'th',
      { class: 'operator', attrs: { scope: 'row' } },
      h('a', { attrs: { href: `#/provision?key=${encodeURIComponent(operator.key)}` } }, operator.key),
      h('div', null, operator.name),
      operator.email ? h('div', { class: 'muted' }, operator.email) : null,
    ),
    h(
      'td',
      null,
      state(operator.status),
      operator.role === 'integration' ? h('div', { class: 'muted' }, 'integration') : null,
    ),
    h(
      'td',
      null,
      state(operator.availability ?? 'unknown'),
      operator.availabilityAt
        ? h(
            'div',
            { class: 'muted', title: operator.availabilityAt },
            `via ${operator.availabilityConnectorId ?? '?'} · ${age(operator.availabilityAt)}`,
          )
        : null,
    ),
    connectors.map((connector) => cell(operator, connector)),
  );

export const operatorsPage: PageFactory = (container): ConsolePage => {
  const filters: Filters = { q: '', status: '', availability: '', missing: '', limit: 100 };
  const pager = new CursorPager();
  let connectors: Connector[] = [];
  let firstRender = true;
  let searchTimer: number | undefined;
  const controls = h('div', { class: 'filters' });
  const table = h('div', { class: 'matrix-wrap' });
  const pagerRegion = h('div');
  const unmanaged = h('div');
  const details = h(
    'details',
    { class: 'panel' },
    h('summary', null, 'Unmanaged accounts (remote accounts no roster operator owns)'),
    unmanaged,
  );
  details.addEventListener('toggle', () => {
    if (details.open) {
      loadUnmanaged(unmanaged, connectors).catch((error: unknown) =>
        render(unmanaged, h('p', { class: 'error' }, describeError(error))),
      );
    }
  });

  const changed = () => {
    pager.reset();
    void page.refresh();
  };
  const search = h('input', {
    attrs: {
      type: 'search',
      placeholder: 'key, name or e-mail',
      'aria-label': 'search operators',
      'data-testid': 'operator-search',
    },
    on: {
      input: (event) => {
        filters.q = (event.target as HTMLInputElement).value.trim();
        window.clearTimeout(searchTimer);
        searchTimer = window.setTimeout(changed, 250);
      },
    },
  });

  const renderControls = () =>
    render(
      controls,
      h('label', { class: 'field' }, h('span', null, 'Search'), search),
      select(
        'Roster status',
        [
          ['', 'any'],
          ['active', 'active'],
          ['inactive', 'inactive'],
          ['deleted', 'deleted'],
        ],
        filters.status,
        (v) => {
          filters.status = v;
          changed();
        },
      ),
      select(
        'Availability',
        [
          ['', 'any'],
          ['online', 'online'],
          ['busy', 'busy'],
          ['offline', 'offline'],
        ],
        filters.availability,
        (v) => {
          filters.availability = v;
          changed();
        },
      ),
      select(
        'Missing on',
        [['', '—'], ...connectors.map((c) => [c.id, c.id] as const)],
        filters.missing,
        (v) => {
          filters.missing = v;
          changed();
        },
        'missing-filter',
      ),
      select(
        'Per page',
        [
          ['50', '50'],
          ['100', '100'],
          ['250', '250'],
        ],
        String(filters.limit),
        (v) => {
          filters.limit = Number(v);
          changed();
        },
      ),
    );

  const page: ConsolePage = {
    async refresh() {
      const known = connectors.map((c) => c.id).join();
      const [connectorList, operators] = await Promise.all([
        get<{ items: Connector[] }>('/api/connectors'),
        get<Page<Operator>>(
          `/api/operators${query({ ...filters, limit: filters.limit, cursor: pager.cursor })}`,
        ),
      ]);
      connectors = connectorList.items;
      if (known !== connectors.map((c) => c.id).join()) {
        renderControls();
      }
      pager.next = operators.nextCursor;
      render(
        table,
        h(
          'table',
          { class: 'table matrix', attrs: { 'data-testid': 'matrix' } },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              h('th', { attrs: { scope: 'col' } }, 'Operator'),
              h('th', { attrs: { scope: 'col' } }, 'Roster'),
              h('th', { attrs: { scope: 'col' } }, 'Availability'),
              connectors.map((c) =>
                h(
                  'th',
                  { attrs: { scope: 'col' }, title: `${c.type} · ${c.health}` },
                  c.id,
                  h('div', null, state(c.enabled ? c.health : 'disabled')),
                ),
              ),
            ),
          ),
          h(
            'tbody',
            null,
            operators.items.length === 0
              ? h(
                  'tr',
                  null,
                  h(
                    'td',
                    { attrs: { colspan: connectors.length + 3 }, class: 'muted' },
                    'No operator matches.',
                  ),
                )
              : operators.items.map((o) => row(o, connectors)),
          ),
        ),
      );
      render(
        pagerRegion,
        pager.controls(() => void page.refresh(), 'operators'),
      );
      if (firstRender) {
        firstRender = false;
        // Read by the browser tests (time to first render); harmless elsewhere.
        performance.mark('console:matrix-rendered');
      }
    },
    destroy() {
      window.clearTimeout(searchTimer);
    },
  };

  renderControls();
  render(
    container,
    h('h1', null, 'Operators × platforms'),
    h(
      'p',
      { class: 'muted' },
      'One row per operator, one column per connector: link state, the status and availability each platform reports, and how old they are.',
    ),
    controls,
    pagerRegion,
    table,
    details,
  );
  return page;
};
