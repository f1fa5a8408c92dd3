import { type PostgresServer, stopPostgresServer } from './support/postgres-server';
import { POSTGRES_SERVER_GLOBAL } from './support/test-database-env';

/** Stops the cluster the setup started; a TEST_DATABASE_URL given from outside is left alone. */
export default async function postgresGlobalTeardown(): Promise<void> {
  const globals = globalThis as Record<string, unknown>;
  const server = globals[POSTGRES_SERVER_GLOBAL] as PostgresServer | undefined;
  if (server === undefined) {
    return;
  }
  delete globals[POSTGRES_SERVER_GLOBAL];
  delete process.env.TEST_DATABASE_URL;
  await stopPostgresServer(server);
}
