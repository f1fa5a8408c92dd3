import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { operatorFactory, operatorLinkFactory } from '../factories/operator.factory';
import { DATABASE_KINDS, useTestDatabase } from './support/test-database';

const T0 = new Date('2025-03-01T10:00:00.000Z');
const later = (ms: number) => new Date(T0.getTime() + ms);

describe.each(DATABASE_KINDS)(`${OperatorRepository.name} on %s`, (kind) => {
  const db = useTestDatabase(kind);
  let sut: OperatorRepository;

  beforeEach(() => {
    sut = new OperatorRepository(db.dataSource);
  });

  it('should insert new operators and update existing ones by key when upserting', async () => {
    const anna = operatorFactory({ key: 'anna', name: 'Anna' });
    await sut.upsertMany([anna, operatorFactory({ key: 'bob' })], T0);

    await sut.upsertMany([{ ...anna, name: 'Anna K.', email: null, status: 'inactive' }], later(1000));

    const stored = await sut.findByKey('anna');
    expect(stored).toMatchObject({ name: 'Anna K.', email: null, status: 'inactive', role: 'agent' });
    expect(stored?.createdAt).toEqual(T0);
    expect(stored?.updatedAt).toEqual(later(1000));
    expect((await sut.findAll()).map((operator) => operator.key)).toEqual(['anna', 'bob']);
  });

  it('should keep the observed availability when an import updates the operator', async () => {
    const anna = operatorFactory({ key: 'anna' });
    await sut.upsertMany([anna], T0);
    await sut.setAvailability({ key: 'anna', availability: 'busy', at: later(1), connectorId: 'lhc' });

    await sut.upsertMany([{ ...anna, name: 'Renamed' }], later(2));

    expect(await sut.findByKey('anna')).toMatchObject({
      name: 'Renamed',
      availability: 'busy',
      availabilityAt: later(1),
      availabilityConnectorId: 'lhc',
    });
  });

  it('should store an availability observation when it is newer than the stored one', async () => {
    await sut.upsertMany([operatorFactory({ key: 'anna' })], T0);

    const first = await sut.setAvailability({
      key: 'anna',
      availability: 'online',
      at: T0,
      connectorId: 'lhc',
    });
    const newer = await sut.setAvailability({
      key: 'anna',
      availability: 'offline',
      at: later(5),
      connectorId: 'chatwoot',
    });

    expect([first, newer]).toEqual([true, true]);
    expect(await sut.findByKey('anna')).toMatchObject({
      availability: 'offline',
      availabilityAt: later(5),
      availabilityConnectorId: 'chatwoot',
    });
  });

  it('should ignore an availability observation when it is older than or as old as the stored one', async () => {
    await sut.upsertMany([operatorFactory({ key: 'anna' })], T0);
    await sut.setAvailability({ key: 'anna', availability: 'busy', at: later(60_000), connectorId: 'lhc' });

    const older = await sut.setAvailability({
      key: 'anna',
      availability: 'online',
      at: T0,
      connectorId: 'tencent',
    });
    const same = await sut.setAvailability({
      key: 'anna',
      availability: 'online',
      at: later(60_000),
      connectorId: 'tencent',
    });

    expect([older, same]).toEqual([false, false]);
    expect(await sut.findByKey('anna')).toMatchObject({
      availability: 'busy',
      availabilityConnectorId: 'lhc',
    });
  });

  it('should compare observation times chronologically when they cross a day and a year', async () => {
    await sut.upsertMany([operatorFactory({ key: 'anna' })], T0);
    await sut.setAvailability({
      key: 'anna',
      availability: 'busy',
      at: new Date('2024-12-31T23:59:59.999Z'),
      connectorId: 'lhc',
    });

    const changed = await sut.setAvailability({
      key: 'anna',
      availability: 'online',
      at: new Date('2025-01-01T00:00:00.000Z'),
      connectorId: 'lhc',
    });

    expect(changed).toBe(true);
  });

  it('should report no change when the operator does not exist', async () => {
    expect(
      await sut.setAvailability({ key: 'ghost', availability: 'busy', at: T0, connectorId: 'lhc' }),
    ).toBe(false);
  });

  it('should mark only the missing operators of that origin when a source connector import ends', async () => {
    await sut.upsertMany(
      [
        operatorFactory({ key: 'kept', origin: 'lhc' }),
        operatorFactory({ key: 'gone', origin: 'lhc' }),
        operatorFactory({ key: 'already', origin: 'lhc', status: 'inactive' }),
        operatorFactory({ key: 'roster-only', origin: 'roster' }),
      ],
      T0,
    );

    const changed = await sut.markMissing('lhc', ['kept'], 'inactive');

    expect(changed).toEqual(['gone']);
    const statuses = Object.fromEntries(
      (await sut.findAll()).map((operator) => [operator.key, operator.status]),
    );
    expect(statuses).toEqual({
      already: 'inactive',
      gone: 'inactive',
      kept: 'active',
      'roster-only': 'active',
    });
  });

  it('should return links with the operators when asked to', async () => {
    await sut.upsertMany([operatorFactory({ key: 'anna' }), operatorFactory({ key: 'bob' })], T0);
    const links = new OperatorLinkRepository(db.dataSource);
    await links.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc' }));
    await links.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'chatwoot' }));

    const operators = await sut.findAll({ withLinks: true });

    expect(
      operators.map((operator) => [operator.key, operator.links?.map((link) => link.connectorId)]),
    ).toEqual([
      ['anna', ['chatwoot', 'lhc']],
      ['bob', []],
    ]);
  });

  it('should upsert a roster larger than one statement batch', async () => {
    const roster = Array.from({ length: 1200 }, (_, i) =>
      operatorFactory({ key: `bulk-${String(i).padStart(4, '0')}` }),
    );

    await sut.upsertMany(roster, T0);

    expect(await sut.findAll()).toHaveLength(1200);
  });

  it('should read operators and links with the same fields and values as entities when listing them', async () => {
    await sut.upsertMany(
      [operatorFactory({ key: 'anna', email: null }), operatorFactory({ key: 'bob' })],
      T0,
    );
    await sut.setAvailability({ key: 'anna', availability: 'online', at: later(5), connectorId: 'lhc' });
    const links = new OperatorLinkRepository(db.dataSource);
    await links.upsert(operatorLinkFactory({ operatorKey: 'anna', connectorId: 'lhc', seenAt: later(7) }));
    const entities = db.dataSource.getRepository('OperatorEntity');
    const linkEntities = db.dataSource.getRepository('OperatorLinkEntity');
    const asEntities = {
      operators: await entities.find({ order: { key: 'ASC' } }),
      links: await linkEntities.find({ where: { connectorId: 'lhc' } }),
    };

    const [anna, bob] = await sut.findAll({ withLinks: true });
    const [byKey] = await sut.findByKeys(['anna']);
    const linked = await links.findByConnector('lhc');

    expect(anna.availabilityAt).toEqual(later(5));
    expect(linked[0].seenAt).toEqual(later(7));
    expect({ ...anna, links: undefined }).toEqual({ ...asEntities.operators[0], links: undefined });
    expect(bob).toEqual({ ...asEntities.operators[1], links: [] });
    expect(byKey).toEqual(anna);
    expect(anna.links).toEqual(asEntities.links);
    expect(linked).toEqual(asEntities.links);
  });
});
