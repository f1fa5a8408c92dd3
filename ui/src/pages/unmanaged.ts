import { get, query } from '../api.js';
import { h, render } from '../dom.js';
import { json, state } from '../format.js';
import type { Connector, Page, Run } from '../types.js';

export const LINK_TITLES: Record<string, string> = {
  linked: 'linked to an account on this platform',
  missing: 'no account linked on this platform yet',
  ambiguous: 'several accounts match: none is linked until one is chosen',
  unmanaged: 'an account on the platform that no roster operator owns',
};

/** Remote accounts no operator owns, as each connector's latest full reconcile run reported them. */
export const loadUnmanaged = async (region: HTMLElement, connectors: Connector[]): Promise<void> => {
  render(region, h('p', { class: 'muted' }, 'loading…'));
  const rows: HTMLTableRowElement[] = [];
  for (const connector of connectors.filter((c) => c.enabled)) {
    const runs = await get<Page<Run>>(
      `/api/runs${query({ connectorId: connector.id, kind: 'reconcile', limit: 5 })}`,
    );
    const full = runs.items.find((run) => !run.changes?.some((c) => c.field === 'scope'));
    for (const change of full?.changes ?? []) {
      if (change.action === 'report' && change.field === 'unmanaged') {
        rows.push(
          h(
            'tr',
            null,
            h('td', null, connector.id),
            h('td', null, state('unmanaged', LINK_TITLES.unmanaged)),
            h('td', null, Array.isArray(change.before) ? change.before.map((id) => json(id)).join(', ') : ''),
            h('td', null, typeof change.after === 'string' ? change.after : ''),
          ),
        );
      }
    }
  }
  render(
    region,
    rows.length === 0
      ? h('p', { class: 'muted' }, 'No unmanaged accounts in the latest runs.')
      : h(
          'table',
          { class: 'table' },
          h(
            'thead',
            null,
            h(
              'tr',
              null,
              ['connector', 'state', 'remote id', 'what the run said'].map((t) => h('th', null, t)),
            ),
          ),
          h('tbody', null, rows),
        ),
  );
};
