import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import { SecretRedactor } from '@app/config/secret-redactor';
import { DatabaseModule } from '@app/database/database.module';
import { ConnectorLockRepository } from '@app/database/repositories/connector-lock.repository';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { ConversationStateRepository } from '@app/database/repositories/conversation-state.repository';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { operatorFactory } from '../factories/operator.factory';
import { createScratchDatabase, DATABASE_KINDS, type ScratchDatabase } from './support/test-database';

describe.each(DATABASE_KINDS)(`${DatabaseModule.name} on %s`, (kind) => {
  let scratch: ScratchDatabase;

  beforeEach(async () => {
    scratch = await createScratchDatabase(kind);
  });

  afterEach(async () => {
    await scratch.drop();
  });

  it('should migrate the database and provide working repositories when the app starts', async () => {
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot(scratch.url, new SecretRedactor())],
    }).compile();
    const app = await moduleRef.init();
    try {
      expect(await app.get(DataSource).showMigrations()).toBe(false);
      const operators = app.get(OperatorRepository);
      await operators.upsertMany([operatorFactory({ key: 'anna' })]);
      expect((await operators.findAll()).map((operator) => operator.key)).toEqual(['anna']);
      for (const repository of [
        ConnectorLockRepository,
        ConnectorStateRepository,
        ConversationStateRepository,
        InboxRepository,
        OperatorLinkRepository,
        RunRepository,
      ]) {
        expect(app.get(repository)).toBeInstanceOf(repository);
      }
    } finally {
      await app.close();
    }
  });

  it('should keep every secret out of what the repositories store, read back by SQL', async () => {
    const secret = 'lhc-api-key-0123456789';
    const moduleRef = await Test.createTestingModule({
      imports: [DatabaseModule.forRoot(scratch.url, new SecretRedactor([secret]))],
    }).compile();
    const app = await moduleRef.init();
    try {
      const echoed = `403 Forbidden: key ${secret} is not allowed`;
      const runs = app.get(RunRepository);
      const run = await runs.start({ connectorId: 'lhc', trigger: 'manual', dryRun: false });
      await runs.finish(run.id, {
        outcome: 'partial',
        counts: {},
        error: echoed,
        changes: [
          { action: 'create', outcome: 'failed', error: echoed, before: { note: echoed }, after: null },
        ],
      });
      const inbox = app.get(InboxRepository);
      await inbox.insertEvents([
        {
          connectorId: 'lhc',
          dedupeKey: 'k1',
          kind: 'availability',
          payload: JSON.stringify({ note: echoed }),
        },
      ]);
      const [event] = await inbox.list({ limit: 1 });
      await inbox.markDead(event.id, echoed);
      await app.get(ConnectorStateRepository).upsert({ connectorId: 'lhc', lastError: echoed });

      const dataSource = app.get(DataSource);
      const stored = JSON.stringify([
        await dataSource.query('SELECT * FROM runs'),
        await dataSource.query('SELECT * FROM run_changes'),
        await dataSource.query('SELECT * FROM inbox_events'),
        await dataSource.query('SELECT * FROM connector_states'),
      ]);
      expect(stored).toContain('is not allowed');
      expect(stored).not.toContain(secret);
    } finally {
      await app.close();
    }
  });
});
