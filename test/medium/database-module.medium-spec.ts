import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
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
      imports: [DatabaseModule.forRoot(scratch.url)],
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
});
