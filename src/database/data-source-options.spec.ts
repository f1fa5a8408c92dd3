import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tmpdir } from 'node:os';
import {
  createDataSourceOptions,
  parseDatabaseUrl,
  redactDatabaseUrl,
} from '@app/database/data-source-options';

describe(parseDatabaseUrl.name, () => {
  it('should resolve a relative SQLite path against the working directory', () => {
    expect(parseDatabaseUrl('sqlite:./data/bridge.sqlite')).toEqual({
      kind: 'sqlite',
      path: resolve('data/bridge.sqlite'),
    });
  });

  it('should keep an absolute SQLite path and the in-memory database as given', () => {
    expect(parseDatabaseUrl('sqlite:/var/lib/bridge.sqlite')).toEqual({
      kind: 'sqlite',
      path: '/var/lib/bridge.sqlite',
    });
    expect(parseDatabaseUrl('sqlite::memory:')).toEqual({ kind: 'sqlite', path: ':memory:' });
  });

  it.each(['postgres', 'postgresql'])('should read every part of a %s:// URL', (scheme) => {
    expect(
      parseDatabaseUrl(`${scheme}://bridge:p%40ss@db.internal:6543/chat_bridge?sslmode=require`),
    ).toEqual({
      kind: 'postgres',
      host: 'db.internal',
      port: 6543,
      username: 'bridge',
      password: 'p@ss',
      database: 'chat_bridge',
      ssl: { rejectUnauthorized: false },
    });
  });

  it('should default the port and turn SSL off when the URL says nothing', () => {
    expect(parseDatabaseUrl('postgres://u@[::1]/db')).toMatchObject({
      host: '::1',
      port: 5432,
      password: '',
      ssl: false,
    });
  });

  it.each([
    ['an unknown scheme', 'mysql://root:hunter2@localhost/db'],
    ['a URL the URL parser rejects', 'postgres://user:hunter2@local host:99999/db'],
    ['a URL without a database', 'postgres://user:hunter2@localhost'],
    ['an unknown sslmode', 'postgres://user:hunter2@localhost/db?sslmode=hunter2x'],
    ['an ambiguous sqlite:// URL', 'sqlite://user:hunter2@x'],
    ['an empty SQLite path', 'sqlite:'],
  ])('should reject %s without repeating the password', (_case, url) => {
    expect(() => parseDatabaseUrl(url)).toThrow(/^Invalid database URL/);
    expect(() => parseDatabaseUrl(url)).not.toThrow(/hunter2/);
  });
});

describe(redactDatabaseUrl.name, () => {
  it('should hide the password when the URL has one', () => {
    expect(redactDatabaseUrl('postgres://bridge:s3cret@db:5432/x')).toBe('postgres://bridge:***@db:5432/x');
    expect(redactDatabaseUrl('sqlite:./data/bridge.sqlite')).toBe('sqlite:./data/bridge.sqlite');
  });
});

describe(createDataSourceOptions.name, () => {
  it('should choose better-sqlite3, create the parent directory and never synchronize when given a SQLite URL', () => {
    const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-unit-'));
    const path = join(dir, 'data', 'bridge.sqlite');
    try {
      const options = createDataSourceOptions(`sqlite:${path}`);

      expect(options).toMatchObject({
        type: 'better-sqlite3',
        database: path,
        migrationsRun: false,
        synchronize: false,
      });
      expect(existsSync(join(dir, 'data'))).toBe(true);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('should choose postgres with the parsed credentials when given a postgres URL', () => {
    expect(createDataSourceOptions('postgres://u:p@h:1/d')).toMatchObject({
      type: 'postgres',
      host: 'h',
      port: 1,
      username: 'u',
      password: 'p',
      database: 'd',
      migrationsRun: false,
      synchronize: false,
    });
  });
});
