import { DataSource } from 'typeorm';
import { createDataSourceOptions } from '@app/database/data-source-options';
import { DATABASE_MIGRATIONS } from '@app/database/database.migrations';
import { openDataSource } from '@app/database/database.module';
import { createScratchDatabase, DATABASE_KINDS, type ScratchDatabase } from './support/test-database';

const TABLES = [
  'connector_leases',
  'connector_states',
  'conversation_states',
  'inbox_events',
  'operator_links',
  'operators',
  'run_changes',
  'runs',
  'webhook_receipts',
];

describe.each(DATABASE_KINDS)('database migrations on %s', (kind) => {
  let scratch: ScratchDatabase;
  const opened: DataSource[] = [];

  beforeEach(async () => {
    scratch = await createScratchDatabase(kind);
  });

  afterEach(async () => {
    for (const dataSource of opened.splice(0)) {
      if (dataSource.isInitialized) {
        await dataSource.destroy();
      }
    }
    await scratch.drop();
  });

  async function open(): Promise<DataSource> {
    const dataSource = await openDataSource(scratch.url);
    opened.push(dataSource);
    return dataSource;
  }

  it('should create every table when the database is empty', async () => {
    const dataSource = await open();

    const queryRunner = dataSource.createQueryRunner();
    try {
      for (const table of TABLES) {
        expect(await queryRunner.hasTable(table)).toBe(true);
      }
    } finally {
      await queryRunner.release();
    }
    const applied: Array<{ name: string }> = await dataSource.query('SELECT name FROM migrations');
    expect(applied.map((row) => row.name)).toEqual(DATABASE_MIGRATIONS.map((migration) => migration.name));
  });

  it('should apply nothing twice when the process restarts', async () => {
    await (await open()).destroy();

    const restarted = await open();

    expect(await restarted.showMigrations()).toBe(false);
    const [{ count }]: Array<{ count: number | string }> = await restarted.query(
      'SELECT COUNT(*) AS count FROM migrations',
    );
    expect(Number(count)).toBe(DATABASE_MIGRATIONS.length);
  });

  it('should leave no difference between the entities and the migrated schema', async () => {
    const dataSource = await open();

    const pending = await dataSource.driver.createSchemaBuilder().log();

    expect(pending.upQueries.map((query) => query.query)).toEqual([]);
  });

  it('should revert to an empty schema when every migration is undone', async () => {
    const dataSource = await open();

    for (let i = 0; i < DATABASE_MIGRATIONS.length; i += 1) {
      await dataSource.undoLastMigration();
    }

    const queryRunner = dataSource.createQueryRunner();
    try {
      for (const table of TABLES) {
        expect(await queryRunner.hasTable(table)).toBe(false);
      }
    } finally {
      await queryRunner.release();
    }
  });

  it('should never synchronize the schema from the entities', () => {
    const options = createDataSourceOptions(scratch.url);

    expect(options.synchronize).toBe(false);
    // Migrations run under a lock (runMigrationsLocked), never by TypeORM at initialize.
    expect(options.migrationsRun).toBe(false);
  });

  it('should migrate once when several processes start together on an empty database', async () => {
    const replicas = await Promise.all([open(), open(), open(), open()]);

    const applied: Array<{ name: string }> = await replicas[0].query('SELECT name FROM migrations');
    expect(applied.map((row) => row.name)).toEqual(DATABASE_MIGRATIONS.map((migration) => migration.name));
    for (const replica of replicas) {
      expect(await replica.showMigrations()).toBe(false);
    }
  });
});
