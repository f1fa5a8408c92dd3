import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import { computeCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';
import { TencentChatSimulator } from '@app/simulator';

import { createReplicaDatabase, type ReplicaDatabase } from '../test/e2e/support/replica-database';
import { ReplicaProcess } from '../test/e2e/support/replica-process';

const MAIN = resolve(__dirname, '../src/main.js');
const SDK_APP_ID = 1400000011;
const SECRET = 'bench-replicas-secret-0123456789';
const TOKEN = 'bench-replicas-callback-token';
const ADMIN = 'bench-replicas-admin-token';

const yaml = (databaseUrl: string, simulatorUrl: string, operators: number): string => `
server: { adminToken: ${ADMIN} }
database: { url: "${databaseUrl}" }
directory:
  roster:
${Array.from({ length: operators }, (_, i) => `    - { key: op${i}, name: Operator ${i}, email: op${i}@example.com }`).join('\n')}
availability: { propagate: none }
connectors:
  - id: tencent
    type: tencent-chat
    baseUrl: ${simulatorUrl}
    rateLimit: 1000
    schedule: 24h
    auth: { sdkAppId: ${SDK_APP_ID}, identifier: administrator, secretKey: ${SECRET} }
    webhook: { token: ${TOKEN} }
    # 50, the most allowed: the propagation probe looks for one operator among everyone online.
    options: { assignment: { strategy: least-busy, maxAgents: 50 } }
`;

/** `count` replicas of the built daemon on a fresh database of the given PostgreSQL server. */
export class ReplicaCluster {
  private constructor(
    readonly replicas: ReplicaProcess[],
    readonly db: ReplicaDatabase,
    private readonly simulator: TencentChatSimulator,
  ) {}

  static async start(count: number, operators: number, firstPort: number): Promise<ReplicaCluster> {
    const simulator = new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: SECRET });
    await simulator.start();
    const db = await createReplicaDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'chat-bridge-replicas-bench-'));
    writeFileSync(join(dir, 'bridge.yaml'), yaml(db.url, simulator.baseUrl, operators));
    const env = { BRIDGE_CONFIG: join(dir, 'bridge.yaml'), LOG_LEVEL: 'warn' };
    const replicas = Array.from({ length: count }, (_, i) => new ReplicaProcess(firstPort + i, env, MAIN));
    await Promise.all(replicas.map((replica) => replica.start(60_000)));
    const cluster = new ReplicaCluster(replicas, db, simulator);
    await cluster.until(async () => {
      const rows = await db.query<{ n: string }>(
        `SELECT COUNT(*) AS n FROM runs WHERE trigger = 'startup' AND outcome <> 'running'`,
      );
      return Number(rows[0].n) > 0;
    }, 'the start-up run');
    return cluster;
  }

  /** A signed callback URL, valid for Tencent's 60 s window from now. */
  callbackUrl(replica: ReplicaProcess, command: string): string {
    const time = String(Math.floor(Date.now() / 1000));
    const sign = computeCallbackSign(TOKEN, time);
    return `${replica.url}/webhooks/tencent?SdkAppid=${SDK_APP_ID}&CallbackCommand=${command}&contenttype=json&Sign=${sign}&RequestTime=${time}`;
  }

  async post(url: string, body: unknown): Promise<unknown> {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!response.ok) {
      throw new Error(`${url.split('?')[0]} answered ${response.status}`);
    }
    return response.json();
  }

  /** The agent e-mails a replica offers now (its answer from memory). */
  async offered(replica: ReplicaProcess, session: string): Promise<string[]> {
    const command = 'ChatBot.OnAssignAgent';
    const answer = (await this.post(this.callbackUrl(replica, command), {
      CallbackCommand: command,
      SessionId: session,
      ClientUserId: session,
      EventTime: Date.now(),
    })) as { AgentIdList?: string[] };
    return answer.AgentIdList ?? [];
  }

  async pendingEvents(): Promise<number> {
    const rows = await this.db.query<{ n: string }>(
      `SELECT COUNT(*) AS n FROM inbox_events WHERE state IN ('pending', 'failed')`,
    );
    return Number(rows[0].n);
  }

  /** The replica's assign-agent histogram: cumulative count per bucket upper bound (seconds). */
  async assignmentBuckets(replica: ReplicaProcess): Promise<Map<number, number>> {
    const text = await (await fetch(`${replica.url}/metrics`)).text();
    const buckets = new Map<number, number>();
    for (const match of text.matchAll(
      /^chat_bridge_assignment_answer_seconds_bucket\{[^}]*le="([^"]+)"[^}]*\} (\d+)/gm,
    )) {
      const le = match[1] === '+Inf' ? Number.POSITIVE_INFINITY : Number(match[1]);
      buckets.set(le, (buckets.get(le) ?? 0) + Number(match[2]));
    }
    return buckets;
  }

  async until(probe: () => Promise<boolean>, what: string, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await probe())) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}`);
      }
      await new Promise((done) => setTimeout(done, 100));
    }
  }

  async stop(): Promise<void> {
    await Promise.all(this.replicas.map((replica) => replica.stop()));
    await this.simulator.stop();
    await this.db.close();
  }
}

/** Upper bound (ms) of the bucket holding quantile `q` of the observations between two scrapes. */
export const bucketQuantileMs = (
  before: Map<number, number>,
  after: Map<number, number>,
  q: number,
): number => {
  const bounds = [...after.keys()].sort((a, b) => a - b);
  const counts = bounds.map((le) => (after.get(le) ?? 0) - (before.get(le) ?? 0));
  const total = counts.at(-1) ?? 0;
  const index = counts.findIndex((count) => count >= q * total);
  return index < 0 || total === 0 ? Number.NaN : bounds[index] * 1000;
};
