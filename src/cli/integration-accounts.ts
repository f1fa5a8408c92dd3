import type { LoadedConfig } from '@app/config/load-config';
import { ROSTER_SOURCE } from '@app/config/dto/directory-config.dto';
import type { RosterEntry } from '@app/core/config.types';

/** The roster's integration accounts with their place in the file (none when the roster is not the source). */
export const integrationEntries = (loaded: LoadedConfig): Array<{ entry: RosterEntry; index: number }> =>
  loaded.config.directory.source === ROSTER_SOURCE
    ? loaded.config.directory.roster
        .map((entry, index) => ({ entry, index }))
        .filter(({ entry }) => entry.role === 'integration')
    : [];

/** Shared by doctor and plan/sync, so both say it the same way. */
export const unmatchedIntegrationMessage = (
  entry: RosterEntry,
  index: number,
  connectorIds: string[],
): string =>
  `directory.roster[${index}] "${entry.key}" (role integration${entry.email ? `, email ${entry.email}` : ''}) matches no account on ${connectorIds.join(', ')}: it stays unlinked, so nothing keeps chats away from that account`;
