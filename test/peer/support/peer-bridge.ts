import { join } from 'node:path';

import { AdminClient } from '../../e2e/support/admin-client';
import {
  DaemonProcess,
  freePort,
  runCli,
  tempDir,
  waitFor,
  writeConfig,
} from '../../e2e/support/daemon-process';
import { type LhcPeer, rest } from './lhc-peer';

export const WEBHOOK_SECRET = 'peer-webhook-secret-0123456789';

export interface RosterEntry {
  key: string;
  name: string;
  email: string;
  role?: 'integration';
}

export interface PeerBridgeOptions {
  roster: RosterEntry[];
  departments: number[];
  /** Left out of the YAML when undefined. */
  userGroups?: number[];
  schedule?: string;
  reassertIntegrationEvery?: string;
}

/** A bridge.yaml with one LHC connector `lhc` on the peer; the API key comes from the environment. */
export const peerBridgeYaml = (dir: string, peer: LhcPeer, options: PeerBridgeOptions): string => {
  const roster = options.roster
    .map(
      (o) =>
        `    - { key: ${o.key}, name: ${o.name}, email: ${o.email}${o.role ? `, role: ${o.role}` : ''} }`,
    )
    .join('\n');
  const extra = [
    options.userGroups ? `userGroups: [${options.userGroups.join(', ')}]` : '',
    options.reassertIntegrationEvery ? `reassertIntegrationEvery: ${options.reassertIntegrationEvery}` : '',
    `departments: [${options.departments.join(', ')}]`,
  ].filter((o) => o !== '');
  return `
server: { adminToken: "\${PEER_ADMIN_TOKEN}" }
database: { url: "sqlite:${join(dir, 'bridge.sqlite')}" }
directory:
  roster:
${roster}
connectors:
  - id: lhc
    type: livehelperchat
    baseUrl: ${peer.baseUrl}
    schedule: ${options.schedule ?? '1h'}
    rateLimit: 100
    auth: { username: ${peer.username}, apiKey: "\${PEER_LHC_KEY}" }
    webhook: { secret: "\${PEER_WEBHOOK_SECRET}" }
    options: { ${extra.join(', ')} }
`;
};

export const ADMIN_TOKEN = 'peer-admin-token-0123456789';

/** The environment a bridge (daemon or CLI) on the peer needs. */
export const peerEnv = (peer: LhcPeer, config: string): Record<string, string> => ({
  BRIDGE_CONFIG: config,
  PEER_ADMIN_TOKEN: ADMIN_TOKEN,
  PEER_LHC_KEY: peer.apiKey,
  PEER_WEBHOOK_SECRET: WEBHOOK_SECRET,
});

/** A config file in a fresh directory, and the CLI bound to it. */
export const peerCli = (peer: LhcPeer, options: PeerBridgeOptions) => {
  const dir = tempDir();
  const config = writeConfig(dir, peerBridgeYaml(dir, peer, options));
  return {
    dir,
    config,
    run: (...args: string[]) => runCli([...args, '--config', config], peerEnv(peer, config)),
  };
};

/** A department the way an LHC admin makes one; `AutoAssignActive` turns auto-assignment on. */
export const createDepartment = async (peer: LhcPeer, name: string, autoAssign: boolean): Promise<number> => {
  const { body } = await rest<{ error: boolean; result: { id: number } }>(
    peer,
    'POST',
    '/restapi/department',
    {
      Name: name,
      AutoAssignActive: autoAssign,
    },
  );
  if (body.error) {
    throw new Error(`department ${name} not created: ${JSON.stringify(body)}`);
  }
  return body.result.id;
};

/** A user the way an LHC admin makes one (in group 2, the stock Operators group). */
export const createUser = async (
  peer: LhcPeer,
  user: { username: string; email: string; name: string; departments: number[]; password?: string },
): Promise<number> => {
  const { body } = await rest<{ error: boolean; result: { id: number } }>(peer, 'POST', '/restapi/user', {
    ...user,
    password: user.password ?? 'Peer-Operator-Pass!2026',
    user_groups: [2],
    departments_read: [],
  });
  if (body.error) {
    throw new Error(`user ${user.username} not created: ${JSON.stringify(body)}`);
  }
  return body.result.id;
};

/** The built daemon on the peer, after its start-up run finished. */
export const startPeerDaemon = async (peer: LhcPeer, options: PeerBridgeOptions) => {
  const dir = tempDir();
  const config = writeConfig(dir, peerBridgeYaml(dir, peer, options));
  const daemon = new DaemonProcess(await freePort(), peerEnv(peer, config));
  await daemon.start();
  const admin = new AdminClient(daemon.url, ADMIN_TOKEN);
  await waitFor(async () => {
    const { body } = await admin.get('/api/runs?connectorId=lhc&limit=20');
    const items = body.items as Array<{ trigger: string; outcome: string }>;
    return items.some((r) => r.trigger === 'startup' && r.outcome !== 'running') ? true : undefined;
  }, 'the start-up run');
  return { daemon, admin, dir };
};

export interface RunChange {
  operatorKey: string | null;
  field: string | null;
  outcome: string;
  before: unknown;
  after: unknown;
  error: string | null;
}

export interface PeerRun {
  id: number;
  kind: string;
  trigger: string;
  outcome: string;
  changes: RunChange[];
}

/** The connector's runs, newest first, each with its changes. */
export const runsOf = async (admin: AdminClient, query = ''): Promise<PeerRun[]> => {
  const { body } = await admin.get(`/api/runs?connectorId=lhc&limit=100${query}`);
  const runs = body.items as PeerRun[];
  // The list may leave changes out; each run is read whole.
  return Promise.all(runs.map(async (run) => (await admin.get(`/api/runs/${run.id}`)).body as PeerRun));
};
