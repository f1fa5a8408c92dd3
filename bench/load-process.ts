import { fork } from 'node:child_process';
import { join } from 'node:path';

import type { LoadJob, LoadResult } from './load-worker';

export type { LoadJob, LoadResult } from './load-worker';

/** Runs one load job in a fresh load-generator process and resolves to its result. */
export const loadInOwnProcess = (job: LoadJob): Promise<LoadResult> =>
  new Promise((resolve, reject) => {
    const child = fork(join(__dirname, 'load-worker.js'), [], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('message', (answer: { result?: LoadResult; error?: string }) =>
      answer.result ? resolve(answer.result) : reject(new Error(`load generator: ${answer.error}`)),
    );
    child.once('exit', (code) =>
      reject(new Error(`the load generator exited with ${code} without a result`)),
    );
    child.send(job);
  });
