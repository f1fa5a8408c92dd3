/** Where the global setup keeps the server it started, for the global teardown (same process). */
export const POSTGRES_SERVER_GLOBAL = '__chatBridgePostgresServer';

/** The PostgreSQL the medium tier runs against; set by the global setup or by the caller. */
export function testDatabaseUrl(): string {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) {
    throw new Error(
      'TEST_DATABASE_URL is not set: run the medium tier through jest (its global setup sets it)',
    );
  }
  return url;
}
