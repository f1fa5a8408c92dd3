import { startBenchPostgres } from '../postgres';
import type { Phase } from './phase';
import { ingestRow, measureIngestion } from './ingest';
import { startTencentDaemon } from './tencent-daemon';

/** ingest.postgres: the same load against a daemon on a local PostgreSQL at default durability. */
export const postgresIngestPhase: Phase = {
  name: 'ingestion on PostgreSQL',
  rows: [ingestRow('postgres')],
  run: async (settings) => {
    const postgres = await startBenchPostgres();
    try {
      const setup = await startTencentDaemon(() => postgres.url, settings.onlineOperators);
      try {
        return [await measureIngestion(setup.daemon, settings, 'postgres', `; ${postgres.durability}`)];
      } finally {
        await setup.stop();
      }
    } finally {
      await postgres.stop();
    }
  },
};
