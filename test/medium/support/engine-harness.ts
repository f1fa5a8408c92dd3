import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { DataSource } from 'typeorm';
import { AppModule } from '@app/app.module';
import type { LoadedConfig } from '@app/config/load-config';
import { openDataSource } from '@app/database/database.module';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { RunRepository } from '@app/database/repositories/run.repository';
import { ConnectorHealthService } from '@app/runs/connector-health.service';
import { ReconcileService } from '@app/reconcile/reconcile.service';
import { loadBridgeYaml, type RosterYamlEntry } from './engine-config';
import { createScratchDatabase, type DatabaseKind, type ScratchDatabase } from './test-database';

/** The engine as the CLI builds it (no HTTP, no scheduler), with what the tests read back. */
export class Engine {
  private closed = false;

  constructor(private readonly app: INestApplicationContext) {}

  get reconcile(): ReconcileService {
    return this.app.get(ReconcileService);
  }

  get health(): ConnectorHealthService {
    return this.app.get(ConnectorHealthService);
  }

  get runs(): RunRepository {
    return this.app.get(RunRepository);
  }

  get links(): OperatorLinkRepository {
    return this.app.get(OperatorLinkRepository);
  }

  get states(): ConnectorStateRepository {
    return this.app.get(ConnectorStateRepository);
  }

  async close(): Promise<void> {
    if (!this.closed) {
      this.closed = true;
      await this.app.close();
    }
  }
}

export interface EngineHarness {
  readonly kind: DatabaseKind;
  /** The test file's database, empty and unmigrated until the first engine starts on it. */
  readonly databaseUrl: string;
  /** A temp dir of the current test's own, for its bridge.yaml. */
  readonly dir: string;
  /** Starts the app context; every engine still open is closed after the test. */
  start(loaded: LoadedConfig): Promise<Engine>;
}

/**
 * Registers the hooks of an engine test file: one database for the file that the app migrates at
 * its first start (a SQLite file in a temp dir, or a new database on the test PostgreSQL server),
 * a temp dir per test, and, after each test, every engine closed and then every table emptied.
 */
export function useEngineHarness(kind: DatabaseKind): EngineHarness {
  let scratch: ScratchDatabase | undefined;
  let dir: string | undefined;
  let engines: Engine[] = [];

  beforeAll(async () => {
    scratch = await createScratchDatabase(kind);
  });
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'chat-bridge-engine-'));
  });
  afterEach(async () => {
    const open = engines;
    engines = [];
    await Promise.all(open.map((engine) => engine.close()));
    if (dir !== undefined) {
      rmSync(dir, { recursive: true, force: true });
    }
    const dataSource = await openDataSource(required(scratch).url);
    try {
      await emptyTables(dataSource);
    } finally {
      await dataSource.destroy();
    }
  });
  afterAll(async () => {
    await scratch?.drop();
  });

  return {
    kind,
    get databaseUrl() {
      return required(scratch).url;
    },
    get dir() {
      return required(dir);
    },
    async start(loaded) {
      const app = await NestFactory.createApplicationContext(AppModule.forRoot({ loaded, mode: 'cli' }), {
        logger: false,
      });
      const engine = new Engine(app);
      engines.push(engine);
      return engine;
    },
  };
}

export interface BridgeStartParams {
  roster?: readonly RosterYamlEntry[];
  deletionThreshold?: string;
  /** Overrides of the default environment (a revoked token, say). */
  env?: Record<string, string>;
}

/**
 * Starts engines on the harness's database from a bridge.yaml with one connector, written and
 * loaded the way the daemon loads its configuration.
 */
export const bridgeStarter =
  (
    harness: EngineHarness,
    defaults: {
      connector: () => Record<string, unknown>;
      roster: readonly RosterYamlEntry[];
      env: Record<string, string>;
    },
  ) =>
  (params: BridgeStartParams = {}): Promise<Engine> =>
    harness.start(
      loadBridgeYaml(
        harness.dir,
        {
          databaseUrl: harness.databaseUrl,
          roster: params.roster ?? defaults.roster,
          connector: defaults.connector(),
          deletionThreshold: params.deletionThreshold,
        },
        { ...defaults.env, ...params.env },
      ),
    );

async function emptyTables(dataSource: DataSource): Promise<void> {
  const tables = dataSource.entityMetadatas
    .slice()
    .sort((a, b) => b.foreignKeys.length - a.foreignKeys.length)
    .map((metadata) => `"${metadata.tableName}"`);
  if (dataSource.options.type === 'postgres') {
    await dataSource.query(`TRUNCATE ${tables.join(', ')} RESTART IDENTITY CASCADE`);
    return;
  }
  for (const table of tables) {
    await dataSource.query(`DELETE FROM ${table}`);
  }
}

function required<T>(value: T | undefined): T {
  if (value === undefined) {
    throw new Error('The engine harness is not set up yet (use it inside a test or hook)');
  }
  return value;
}
