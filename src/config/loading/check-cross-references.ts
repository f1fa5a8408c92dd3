import type { ConfigIssue } from '@app/config/config.error';
import type { BridgeConfigDto } from '@app/config/dto/bridge-config.dto';
import { ROSTER_SOURCE } from '@app/config/dto/directory-config.dto';

type Entry = Record<string, unknown>;

const isEntry = (value: unknown): value is Entry => typeof value === 'object' && value !== null;

const entries = (value: unknown): Entry[] =>
  Array.isArray(value) ? value.map((item: unknown): Entry => (isEntry(item) ? item : {})) : [];

const stringAt = (entry: Entry, key: string): string | undefined =>
  typeof entry[key] === 'string' ? entry[key] : undefined;

/** One issue per entry whose value repeats an earlier entry's (values compared after `normalize`). */
const duplicates = (
  list: Entry[],
  listPath: string,
  key: string,
  normalize: (value: string) => string = (value) => value,
): ConfigIssue[] => {
  const first = new Map<string, number>();
  const issues: ConfigIssue[] = [];
  list.forEach((entry, index) => {
    const value = stringAt(entry, key);
    if (value === undefined) {
      return;
    }
    const earlier = first.get(normalize(value));
    if (earlier === undefined) {
      first.set(normalize(value), index);
    } else {
      issues.push({
        path: `${listPath}[${index}].${key}`,
        message: `must be unique: ${listPath}[${earlier}] has the same ${key}`,
      });
    }
  });
  return issues;
};

/** Rules that span several entries: unique ids, keys and e-mails, what `directory.source` and `directory.ignore` name. */
export const checkCrossReferences = (config: BridgeConfigDto): ConfigIssue[] => {
  // Validation may have failed, so nothing here can be trusted to have its declared type.
  const connectors = entries(config.connectors);
  const section: unknown = config.directory;
  const directory = isEntry(section) ? section : {};
  const roster = entries(directory.roster);
  const issues = [
    ...duplicates(connectors, 'connectors', 'id'),
    ...duplicates(roster, 'directory.roster', 'key'),
    ...duplicates(roster, 'directory.roster', 'email', (email) => email.toLowerCase()),
  ];
  connectors.forEach((connector, index) => {
    if (connector.id === ROSTER_SOURCE) {
      issues.push({
        path: `connectors[${index}].id`,
        message: `cannot be "${ROSTER_SOURCE}": directory.source uses that name`,
      });
    }
  });
  const source = stringAt(directory, 'source');
  const ids = connectors.map((connector) => connector.id);
  if (source !== undefined && source !== ROSTER_SOURCE && !ids.includes(source)) {
    issues.push({
      path: 'directory.source',
      message: `must be "${ROSTER_SOURCE}" or the id of a configured connector`,
    });
  }
  entries(directory.ignore).forEach((entry, index) => {
    const path = `directory.ignore[${index}]`;
    if (typeof entry.connector === 'string' && !ids.includes(entry.connector)) {
      issues.push({ path: `${path}.connector`, message: 'must be the id of a configured connector' });
    }
    if (stringAt(entry, 'username') === undefined && stringAt(entry, 'email') === undefined) {
      issues.push({ path, message: 'must name the account by username or email' });
    }
  });
  return issues;
};
