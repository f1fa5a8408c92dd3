import { startPostgresServer } from './support/postgres-server';
import { POSTGRES_SERVER_GLOBAL } from './support/test-database-env';

/**
 * Gives the medium tier a PostgreSQL: TEST_DATABASE_URL when set (its user needs CREATEDB: each
 * test file works in a database of its own), otherwise a throwaway local cluster. Workers inherit
 * process.env, so setting the URL here reaches every test file.
 */
export default async function postgresGlobalSetup(): Promise<void> {
  if (process.env.TEST_DATABASE_URL) {
    return;
  }
  const server = await startPostgresServer();
  const copied = server.copiedFrom === null ? '' : ` (copied from ${server.copiedFrom} for ${server.osUser})`;
  process.stderr.write(
    `\nmedium tier: PostgreSQL binaries from ${server.binSource}: ${server.binDir}${copied}\n`,
  );
  (globalThis as Record<string, unknown>)[POSTGRES_SERVER_GLOBAL] = server;
  process.env.TEST_DATABASE_URL = server.url;
}
