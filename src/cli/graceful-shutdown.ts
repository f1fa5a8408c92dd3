import type { INestApplication } from '@nestjs/common';

import { ReconcileScheduler } from '@app/reconcile/reconcile.scheduler';
import { RunRecorder } from '@app/runs/run-recorder.service';
import { InboxProcessor } from '@app/webhooks/inbox-processor.service';

export interface ShutdownReport {
  /** Runs still in flight when the grace ended, recorded `interrupted`. */
  interrupted: number;
  durationMs: number;
}

/**
 * SIGTERM/SIGINT, in order: readiness and webhooks answer 503 and no run starts; the scheduler and
 * the inbox stop taking work; runs in flight may finish within `graceMs`; what still runs is
 * recorded `interrupted` (not a platform failure: the connector's health is untouched); then the
 * app closes (HTTP server, adapters, database).
 */
export const shutDownGracefully = async (app: INestApplication, graceMs: number): Promise<ShutdownReport> => {
  const started = Date.now();
  const recorder = app.get(RunRecorder);
  recorder.beginShutdown();
  app.get(ReconcileScheduler).stop();
  let timer: NodeJS.Timeout | undefined;
  const graceOver = new Promise<void>((resolve) => (timer = setTimeout(resolve, graceMs)));
  // The event in hand may be opening a run: it gets the same grace.
  await Promise.race([app.get(InboxProcessor).stop(), graceOver]);
  clearTimeout(timer);
  const interrupted = await recorder.drain(Math.max(0, graceMs - (Date.now() - started)));
  await app.close();
  return { interrupted, durationMs: Date.now() - started };
};
