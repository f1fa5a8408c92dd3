import { Injectable } from '@nestjs/common';
import { DataSource, In, Not } from 'typeorm';
import type { Availability, OperatorRole, OperatorStatus } from '@app/core/operator.types';
import { announceChange } from '@app/database/announce-change';
import type { DirectoryChange } from '@app/database/change-feed.types';
import { OperatorEntity, type OperatorOrigin } from '@app/database/entities/operator.entity';
import { OperatorLinkEntity } from '@app/database/entities/operator-link.entity';
import { chunk, runInTransaction } from '@app/database/run-in-transaction';
import { plainRows } from '@app/database/repositories/operator-rows';
import { toIso } from '@app/database/transformers/iso-date.transformer';

export interface OperatorUpsert {
  key: string;
  name: string;
  email?: string | null;
  role: OperatorRole;
  status: OperatorStatus;
  origin: OperatorOrigin;
}

export interface AvailabilityObservation {
  key: string;
  availability: Availability;
  at: Date;
  connectorId: string;
}

// Availability is an observation, not desired state: imports never overwrite it.
const UPSERT_OVERWRITES = ['name', 'email', 'role', 'status', 'origin', 'updated_at'];

@Injectable()
export class OperatorRepository {
  constructor(private readonly dataSource: DataSource) {}

  async findAll(options: { withLinks?: boolean } = {}): Promise<OperatorEntity[]> {
    const operators = await plainRows(
      this.repository.createQueryBuilder('operator').orderBy('operator.key', 'ASC'),
    );
    if (options.withLinks !== true) {
      return operators;
    }
    // Two plain queries stitched here: TypeORM's joined relation loading of 10,000 operators
    // builds every row several times over and costs far more memory than the result.
    const links = await plainRows(
      this.links
        .createQueryBuilder('link')
        .orderBy('link.operatorKey', 'ASC')
        .addOrderBy('link.connectorId', 'ASC'),
    );
    return withLinks(operators, links);
  }

  findByKey(key: string): Promise<OperatorEntity | null> {
    return this.repository.findOneBy({ key });
  }

  /** These operators with their links; keys that do not exist are left out. */
  async findByKeys(keys: readonly string[]): Promise<OperatorEntity[]> {
    const found: OperatorEntity[] = [];
    // Stitched like findAll: a run announces every key it linked, so this may be thousands of keys.
    for (const batch of chunk([...new Set(keys)], 500)) {
      const operators = await plainRows(
        this.repository.createQueryBuilder('operator').where('operator.key IN (:...batch)', { batch }),
      );
      const links = await plainRows(
        this.links
          .createQueryBuilder('link')
          .where('link.operatorKey IN (:...batch)', { batch })
          .orderBy('link.operatorKey', 'ASC')
          .addOrderBy('link.connectorId', 'ASC'),
      );
      found.push(...withLinks(operators, links));
    }
    return found;
  }

  /** Inserts new operators and updates existing ones by key, in one transaction. */
  async upsertMany(operators: readonly OperatorUpsert[], now = new Date()): Promise<void> {
    if (operators.length === 0) {
      return;
    }
    await runInTransaction(this.dataSource, async (manager) => {
      for (const batch of chunk(operators, 500)) {
        await manager
          .createQueryBuilder()
          .insert()
          .into(OperatorEntity)
          .values(
            batch.map((operator) => ({
              ...operator,
              email: operator.email ?? null,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .orUpdate(UPSERT_OVERWRITES, ['key'])
          .updateEntity(false)
          .execute();
      }
      await announceChange(manager, 'directory', directoryChange(operators.map((o) => o.key)));
    });
  }

  /**
   * Records an availability observation if it is newer than the stored one ("latest observation
   * wins"); an observation as old as or older than the stored one is ignored. The comparison is in
   * the UPDATE itself, so concurrent observers cannot overwrite a newer value. Returns whether the
   * observation was stored.
   */
  async setAvailability(observation: AvailabilityObservation): Promise<boolean> {
    const at = toIso(observation.at);
    return runInTransaction(this.dataSource, async (manager) => {
      const result = await manager
        .createQueryBuilder()
        .update(OperatorEntity)
        .set({
          availability: observation.availability,
          availabilityAt: observation.at,
          availabilityConnectorId: observation.connectorId,
          updatedAt: new Date(),
        })
        .where({ key: observation.key })
        .andWhere('("availability_at" IS NULL OR "availability_at" < :at)', { at })
        .execute();
      const stored = (result.affected ?? 0) > 0;
      if (stored) {
        await announceChange(manager, 'directory', directoryChange([observation.key]));
      }
      return stored;
    });
  }

  /**
   * Gives `status` to every operator imported from `origin` whose key is not in `presentKeys`
   * (it vanished from the source connector). Returns the keys that changed.
   */
  async markMissing(
    origin: OperatorOrigin,
    presentKeys: readonly string[],
    status: OperatorStatus,
  ): Promise<string[]> {
    return runInTransaction(this.dataSource, async (manager) => {
      const present = new Set(presentKeys);
      const candidates = await manager.find(OperatorEntity, {
        select: { key: true },
        where: { origin, status: Not(status) },
      });
      const missing = candidates.map((operator) => operator.key).filter((key) => !present.has(key));
      for (const keys of chunk(missing, 500)) {
        await manager.update(OperatorEntity, { key: In(keys) }, { status, updatedAt: new Date() });
      }
      if (missing.length > 0) {
        await announceChange(manager, 'directory', directoryChange(missing));
      }
      return missing.sort();
    });
  }

  private get repository() {
    return this.dataSource.getRepository(OperatorEntity);
  }

  private get links() {
    return this.dataSource.getRepository(OperatorLinkEntity);
  }
}

const directoryChange = (keys: string[]): DirectoryChange => ({ keys });

/** Gives each operator its links (`links` sorted by operator key, then connector). */
const withLinks = (operators: OperatorEntity[], links: OperatorLinkEntity[]): OperatorEntity[] => {
  const byOperator = new Map<string, OperatorLinkEntity[]>();
  for (const link of links) {
    const list = byOperator.get(link.operatorKey);
    if (list) {
      list.push(link);
    } else {
      byOperator.set(link.operatorKey, [link]);
    }
  }
  for (const operator of operators) {
    operator.links = byOperator.get(operator.key) ?? [];
  }
  return operators;
};
