import { type DynamicModule, Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { PERSISTENCE_REDACTOR, type PersistenceRedactor } from '@app/database/persistence-redactor';
import { createDataSourceOptions } from '@app/database/data-source-options';
import { runMigrationsLocked } from '@app/database/run-migrations';
import { ChangeListener } from '@app/database/change-listener';
import { AssignmentStateRepository } from '@app/database/repositories/assignment-state.repository';
import { AvailabilityEchoRepository } from '@app/database/repositories/availability-echo.repository';
import { AvailabilityObservationRepository } from '@app/database/repositories/availability-observation.repository';
import { ConnectorLockRepository } from '@app/database/repositories/connector-lock.repository';
import { ConnectorStateRepository } from '@app/database/repositories/connector-state.repository';
import { ConversationStateRepository } from '@app/database/repositories/conversation-state.repository';
import { InboxRepository } from '@app/database/repositories/inbox.repository';
import { OperatorLinkRepository } from '@app/database/repositories/operator-link.repository';
import { OperatorRepository } from '@app/database/repositories/operator.repository';
import { RunRepository } from '@app/database/repositories/run.repository';

const REPOSITORIES = [
  AssignmentStateRepository,
  AvailabilityEchoRepository,
  AvailabilityObservationRepository,
  ConnectorLockRepository,
  ConnectorStateRepository,
  ConversationStateRepository,
  InboxRepository,
  OperatorLinkRepository,
  OperatorRepository,
  RunRepository,
];

/** The database for the Nest app: connects, runs pending migrations, and provides the repositories. */
@Global()
@Module({})
export class DatabaseModule {
  /**
   * `redactor` cleans everything the repositories store (see PersistenceRedactor). `listen`: the
   * ChangeListener delivers other replicas' changes (the daemon on PostgreSQL; not a one-shot CLI).
   */
  static forRoot(
    url: string,
    redactor: PersistenceRedactor,
    options: { listen?: boolean } = {},
  ): DynamicModule {
    return {
      module: DatabaseModule,
      imports: [
        // The factory defers parsing (and creating the SQLite directory) until the module is built.
        TypeOrmModule.forRootAsync({
          useFactory: () => ({ ...createDataSourceOptions(url), retryAttempts: 2, retryDelay: 1000 }),
          dataSourceFactory: async (options) => {
            const dataSource = await new DataSource(options!).initialize();
            await runMigrationsLocked(dataSource);
            return dataSource;
          },
        }),
      ],
      providers: [
        { provide: PERSISTENCE_REDACTOR, useValue: redactor },
        {
          provide: ChangeListener,
          useFactory: (dataSource: DataSource) =>
            new ChangeListener(dataSource, { listen: options.listen ?? false }),
          inject: [DataSource],
        },
        ...REPOSITORIES,
      ],
      exports: [ChangeListener, ...REPOSITORIES],
    };
  }
}

/**
 * An initialized data source with every pending migration applied, for the CLI and tests that run
 * outside Nest. The caller destroys it.
 */
export async function openDataSource(url: string): Promise<DataSource> {
  const dataSource = await new DataSource(createDataSourceOptions(url)).initialize();
  try {
    await runMigrationsLocked(dataSource);
  } catch (error) {
    await dataSource.destroy();
    throw error;
  }
  return dataSource;
}
