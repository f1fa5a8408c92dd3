import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseDatabaseUrl } from '@app/database/data-source-options';
import { openDataSource } from '@app/database/database.module';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { inboxEventFactory } from '../factories/inbox-event.factory';
import { operatorFactory } from '../factories/operator.factory';
import { useTestDatabase } from './support/test-database';

async function pragma(query: (sql: string) => Promise<unknown>, name: string): Promise<unknown> {
  const rows = (await query(`PRAGMA ${name}`)) as Array<Record<string, unknown>>;
  return Object.values(rows[0] ?? {})[0];
}

describe('SQLite connection', () => {
  const db = useTestDatabase('sqlite');

  it('should create the missing parent directory and use WAL journaling', async () => {
    const file = parseDatabaseUrl(db.url);
    if (file.kind !== 'sqlite') {
      throw new Error('expected a SQLite URL');
    }

    expect(existsSync(dirname(file.path))).toBe(true);
    expect(await pragma((sql) => db.dataSource.query(sql), 'journal_mode')).toBe('wal');
    expect(existsSync(`${file.path}-wal`)).toBe(true);
  });

  it('should enforce foreign keys and wait 5 s for a busy database', async () => {
    const query = (sql: string) => db.dataSource.query(sql);

    expect(await pragma(query, 'foreign_keys')).toBe(1);
    expect(await pragma(query, 'busy_timeout')).toBe(5000);
  });

  it('should not let a failing transaction take a concurrent write down with it', async () => {
    const inbox = new InboxRepository(db.dataSource);
    const operators = new OperatorRepository(db.dataSource);
    const broken = inboxEventFactory({ kind: null as unknown as string });

    // One shared SQLite connection: without the write queue these would share one transaction.
    const results = await Promise.allSettled([
      inbox.insertEvents([inboxEventFactory(), inboxEventFactory(), broken]),
      operators.upsertMany([operatorFactory({ key: 'anna' })]),
      inbox.insertEvents([inboxEventFactory({ dedupeKey: 'kept' })]),
    ]);

    expect(results.map((result) => result.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
    expect(await operators.findByKey('anna')).not.toBeNull();
    expect((await inbox.list({ limit: 10 })).map((event) => event.dedupeKey)).toEqual(['kept']);
  });
});

describe('SQLite in memory', () => {
  it('should open a migrated database when given sqlite::memory:', async () => {
    const dataSource = await openDataSource('sqlite::memory:');
    try {
      await new OperatorRepository(dataSource).upsertMany([operatorFactory({ key: 'anna' })]);

      expect(await dataSource.showMigrations()).toBe(false);
      expect((await new OperatorRepository(dataSource).findAll()).map((operator) => operator.key)).toEqual([
        'anna',
      ]);
    } finally {
      await dataSource.destroy();
    }
  });
});
