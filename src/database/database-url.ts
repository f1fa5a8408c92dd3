import { isAbsolute, resolve } from 'node:path';

export interface PostgresConnection {
  kind: 'postgres';
  host: string;
  port: number;
  username: string;
  password: string;
  database: string;
  ssl: boolean | { rejectUnauthorized: false };
}
export type ParsedDatabaseUrl = { kind: 'sqlite'; path: string } | PostgresConnection;

const EXPECTED =
  'expected sqlite:./relative.sqlite, sqlite:/absolute.sqlite, sqlite::memory: or postgres://…';

/**
 * Parses `database.url` without touching the disk or the network. Error messages never repeat the
 * URL: it may carry a password.
 */
export function parseDatabaseUrl(url: string): ParsedDatabaseUrl {
  const trimmed = url.trim();
  if (trimmed.startsWith('sqlite:')) {
    const path = trimmed.slice('sqlite:'.length);
    if (path === ':memory:') {
      return { kind: 'sqlite', path };
    }
    // `sqlite://…` is ambiguous (host or path?), so only the two documented forms are accepted.
    if (path === '' || path.startsWith('//')) {
      throw new Error(`Invalid database URL: ${EXPECTED}`);
    }
    return { kind: 'sqlite', path: isAbsolute(path) ? path : resolve(path) };
  }
  if (/^postgres(ql)?:\/\//i.test(trimmed)) {
    return parsePostgresUrl(trimmed);
  }
  throw new Error(`Invalid database URL: ${EXPECTED}`);
}

// Parsed here rather than by TypeORM, whose URL parser drops `?sslmode=` and mangles IPv6 hosts.
function parsePostgresUrl(url: string): PostgresConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // The URL constructor's own error carries the input, password included: drop it.
    throw new Error('Invalid database URL: the postgres:// URL cannot be parsed');
  }
  const database = decodeURIComponent(parsed.pathname.slice(1));
  if (parsed.hostname === '' || database === '' || database.includes('/')) {
    throw new Error('Invalid database URL: a postgres:// URL needs a host and a database name');
  }
  return {
    kind: 'postgres',
    host: parsed.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: parsed.port === '' ? 5432 : Number(parsed.port),
    username: decodeURIComponent(parsed.username),
    password: decodeURIComponent(parsed.password),
    database,
    ssl: parseSslMode(parsed.searchParams.get('sslmode')),
  };
}

function parseSslMode(mode: string | null): PostgresConnection['ssl'] {
  switch (mode) {
    case null:
    case 'disable':
    case 'prefer':
      return false;
    case 'require':
      return { rejectUnauthorized: false };
    case 'verify-ca':
    case 'verify-full':
      return true;
    default:
      throw new Error(
        'Invalid database URL: sslmode must be disable, prefer, require, verify-ca or verify-full',
      );
  }
}

/** The URL with any password replaced, for logs and `doctor` output. */
export function redactDatabaseUrl(url: string): string {
  return url.replace(/^([a-z]+:\/\/[^:/@]*:)[^@]*@/i, '$1***@');
}
