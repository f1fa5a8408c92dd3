import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

describe.each(DATABASE_KINDS)(`${OperatorLinkRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: OperatorLinkRepository;
  let operators: OperatorRepository;

  beforeEach(async () => {
    sut = new OperatorLinkRepository(db.dataSource);
    operators = new OperatorRepository(db.dataSource);
    await operators.upsertMany([operatorFactory({ key: 'anna' }), operatorFactory({ key: 'bob' })]);
  });

  it('should create a link and then replace it when upserting the same operator on the same connector', async () => {
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc', remoteId: '7' }));

    const replaced = await sut.upsert(
      operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc', remoteId: '8', remoteName: 'Anna' }),
    );

    expect(replaced).toMatchObject({
      operatorKey: 'anna',
      connectorId: 'lhc',
      remoteId: '8',
      remoteName: 'Anna',
    });
    expect(await sut.findByConnector('lhc')).toHaveLength(1);
  });

  it('should reject a second link to the same remote id on one connector', async () => {
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc', remoteId: '7' }));

    await expect(
      sut.upsert(operatorLinkFactory({ operatorKey: 'bob', connectorId: 'lhc', remoteId: '7' })),
    ).rejects.toThrow();
    expect((await sut.findByConnector('lhc')).map((link) => link.operatorKey)).toEqual(['anna']);
  });

  it('should allow the same remote id on different connectors', async () => {
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc', remoteId: '7' }));
    await sut.upsert(operatorLinkFactory({ operatorKey: 'bob', connectorId: 'chatwoot', remoteId: '7' }));

    expect((await sut.findByOperator('anna')).map((link) => link.connectorId)).toEqual(['lhc']);
    expect((await sut.findByOperator('bob')).map((link) => link.connectorId)).toEqual(['chatwoot']);
  });

  it('should reject a link to an operator that does not exist', async () => {
    await expect(sut.upsert(operatorLinkFactory({ operatorKey: 'ghost' }))).rejects.toThrow();
  });

  it('should update what the connector last reported when a linked operator is seen again', async () => {
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc' }));
    const seenAt = new Date('2025-02-02T02:02:02.000Z');

    const updated = await sut.updateSeen('lhc', 'anna', {
      remoteName: 'Anna Kovalenko',
      remoteStatus: 'inactive',
      remoteAvailability: 'offline',
      seenAt,
    });

    expect(updated).toBe(true);
    expect((await sut.findByOperator('anna'))[0]).toMatchObject({
      remoteName: 'Anna Kovalenko',
      remoteStatus: 'inactive',
      remoteAvailability: 'offline',
      seenAt,
    });
    expect(await sut.updateSeen('lhc', 'bob', { remoteName: 'x', seenAt })).toBe(false);
  });

  it('should remove one link and report whether it existed', async () => {
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc' }));
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'chatwoot' }));

    expect(await sut.remove('lhc', 'anna')).toBe(true);
    expect(await sut.remove('lhc', 'anna')).toBe(false);
    expect((await sut.findByOperator('anna')).map((link) => link.connectorId)).toEqual(['chatwoot']);
  });

  it('should delete the links when their operator is deleted', async () => {
    await sut.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc' }));

    await db.dataSource.query(`DELETE FROM "operators" WHERE "key" = 'anna'`);

    expect(await sut.findByConnector('lhc')).toEqual([]);
  });
});
