import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { connectorStateFactory } from '../factories/connector-state.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

describe.each(DATABASE_KINDS)(`${ConnectorStateRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: ConnectorStateRepository;

  beforeEach(() => {
    sut = new ConnectorStateRepository(db.dataSource);
  });

  it('should store a full state the first time', async () => {
    const state = connectorStateFactory({ connectorId: 'lhc' });

    expect(await sut.upsert(state)).toEqual(expect.objectContaining(state));
    expect(await sut.find('lhc')).toEqual(expect.objectContaining(state));
  });

  it('should fill the defaults when a new connector is given only some fields', async () => {
    const nextRunAt = new Date('2025-03-01T10:05:00.000Z');

    expect(await sut.upsert({ connectorId: 'lhc', nextRunAt })).toEqual({
      connectorId: 'lhc',
      health: 'healthy',
      consecutiveFailures: 0,
      lastSuccessAt: null,
      lastError: null,
      lastRunAt: null,
      nextRunAt,
      configHash: null,
      backoffUntil: null,
    });
  });

  it('should change only the given fields when the connector exists', async () => {
    const original = connectorStateFactory({ connectorId: 'lhc', configHash: 'sha256:one' });
    await sut.upsert(original);
    const backoffUntil = new Date('2025-03-01T11:00:00.000Z');

    const updated = await sut.upsert({
      connectorId: 'lhc',
      health: 'degraded',
      consecutiveFailures: 3,
      lastError: 'HTTP 503',
      backoffUntil,
    });

    expect(updated).toEqual({
      ...original,
      health: 'degraded',
      consecutiveFailures: 3,
      lastError: 'HTTP 503',
      backoffUntil,
    });
  });

  it('should clear a field when it is given as null', async () => {
    await sut.upsert(connectorStateFactory({ connectorId: 'lhc', lastError: 'boom' }));

    expect((await sut.upsert({ connectorId: 'lhc', lastError: null })).lastError).toBeNull();
  });

  it('should list every connector by id and return null for an unknown one', async () => {
    await sut.upsert(connectorStateFactory({ connectorId: 'tencent' }));
    await sut.upsert(connectorStateFactory({ connectorId: 'chatwoot' }));

    expect((await sut.findAll()).map((state) => state.connectorId)).toEqual(['chatwoot', 'tencent']);
    expect(await sut.find('lhc')).toBeNull();
  });
});
