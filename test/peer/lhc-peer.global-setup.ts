import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { PEER_ENV, locatePeerScripts, parsePeerEnv, runScript } from './support/lhc-peer';

/**
 * Starts one real LiveHelperChat for the whole peer tier (its files run one after another: they
 * share the database and reset it). up.sh installs PHP and MariaDB with apt on first use.
 */
export default function setup(): void {
  const { found, tried } = locatePeerScripts();
  if (!found) {
    // jest.config.js lists no peer test without the peer, except under CI, where it is a failure.
    throw new Error(
      `the LiveHelperChat peer was not found (looked in ${tried.join(', ')}); CI runs the peer tier`,
    );
  }
  const started = Date.now();
  const peer = { ...parsePeerEnv(runScript(found, 'up.sh')), scripts: found };
  const counter = join(peer.lhcDir, 'run', 'peer-tests.count');
  rmSync(counter, { force: true });
  writeFileSync(counter, '');
  process.env[PEER_ENV] = JSON.stringify(peer);
  process.env.CHAT_BRIDGE_PEER_TEST_COUNT = counter;
  process.stderr.write(`\n[peer] LiveHelperChat up at ${peer.baseUrl} in ${Date.now() - started} ms\n`);
}
