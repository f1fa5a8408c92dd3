import { readFileSync } from 'node:fs';

import { PEER_ENV, type LhcPeer, runScript } from './support/lhc-peer';

/** Stops and wipes the peer; under CI, a peer tier that ran no test is a failure. */
export default function teardown(): void {
  const raw = process.env[PEER_ENV];
  if (!raw) {
    return;
  }
  const peer = JSON.parse(raw) as LhcPeer;
  const counter = process.env.CHAT_BRIDGE_PEER_TEST_COUNT;
  const ran = counter ? readFileSync(counter, 'utf8').length : 0;
  runScript(peer.scripts, 'down.sh', ['--wipe', peer.lhcDir]);
  delete process.env[PEER_ENV];
  process.stderr.write(`[peer] ${ran} test(s) ran against the real LiveHelperChat\n`);
  if (process.env.CI && ran === 0) {
    throw new Error('the peer tier ran no test against the real LiveHelperChat: CI requires it');
  }
}
