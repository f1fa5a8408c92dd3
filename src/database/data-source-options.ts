import { mkdirSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import type { DataSourceOptions } from 'typeorm';
import { DATABASE_ENTITIES } from '@app/database/database.entities';
import { DATABASE_MIGRATIONS } from '@app/database/database.migrations';

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

const SQLITE_BUSY_TIMEOUT_MS = 5000;
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

/**
 * TypeORM options for `database.url`. The schema is owned by the migrations, which run at start;
 * `synchronize` stays off. For SQLite the parent directory is created here.
 */
export function createDataSourceOptions(url: string): DataSourceOptions {
  const parsed = parseDatabaseUrl(url);
  const common = {
    entities: DATABASE_ENTITIES,
    migrations: DATABASE_MIGRATIONS,
    migrationsRun: true,
    synchronize: false,
    logging: false,
  } as const;
  if (parsed.kind === 'postgres') {
    const { kind: _kind, ...connection } = parsed;
    return { ...common, ...connection, type: 'postgres', applicationName: 'chat-bridge' };
  }
  if (parsed.path !== ':memory:') {
    mkdirSync(dirname(parsed.path), { recursive: true });
  }
  return {
    ...common,
    type: 'better-sqlite3',
    database: parsed.path,
    timeout: SQLITE_BUSY_TIMEOUT_MS,
    prepareDatabase: (db: BetterSqlite3.Database) => {
      // WAL lets the CLI read while the daemon writes; busy_timeout makes a second process wait
      // for the write lock instead of failing at once.
      db.pragma('journal_mode = WAL');
      db.pragma(`busy_timeout = ${SQLITE_BUSY_TIMEOUT_MS}`);
      db.pragma('foreign_keys = ON');
      // In WAL mode NORMAL still survives a process crash (kill -9): a committed transaction is in
      // the WAL file. Only an OS crash or power cut can lose the last commits; FULL would fsync
      // on every webhook.
      db.pragma('synchronous = NORMAL');
    },
  };
}
