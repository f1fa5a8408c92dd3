import { randomUUID } from 'node:crypto';

import { computeChatwootSignature } from '@app/platforms/chatwoot/chatwoot-signature';
import { computeCallbackSign } from '@app/platforms/tencent-chat/tencent-callback-sign';
import {
  ChatwootSimulator,
  EvolutionSimulator,
  LhcWebhookSender,
  LiveHelperChatSimulator,
  TencentCallbackSender,
  TencentChatSimulator,
  WebhookSender,
  seedAssignableApiUserScenario,
  seedReopenScenario,
} from '@app/simulator';

import { DaemonProcess, freePort, tempDir, waitFor, writeConfig } from '../../e2e/support/daemon-process';
import { type FuzzDatabase, type FuzzDatabaseKind, createFuzzDatabase } from './fuzz-database';
import { FuzzHttpClient, type RawReply, type RawRequest } from './http-client';
import { DaemonLog } from './daemon-log';

export const ADMIN_TOKEN = 'fuzz-admin-token-0123456789abcdef';
export const LHC_SECRET = 'fuzz-lhc-webhook-secret';
export const CW_SECRET = 'fuzz-chatwoot-webhook-secret';
export const TENCENT_TOKEN = 'fuzz-tencent-callback-token';
export const SDK_APP_ID = 1400000123;
const LHC_API_KEY = 'fuzz-lhc-api-key-0123456789';
const CW_TOKEN = 'fuzz-chatwoot-admin-token';
const EVO_KEY = 'fuzz-evolution-api-key';
const TENCENT_KEY = 'fuzz-tencent-secret-key-0123456789abcdef';

/** The webhook connectors of the fuzz daemon, by id; `chathub` is there, disabled, without webhooks. */
export const WEBHOOK_CONNECTORS = ['lhc', 'chatwoot', 'tencent'] as const;
export type WebhookConnectorId = (typeof WEBHOOK_CONNECTORS)[number];
export const CONNECTOR_IDS = [...WEBHOOK_CONNECTORS, 'chathub'] as const;

const bridgeYaml = (
  database: string,
  urls: { lhc: string; chatwoot: string; evolution: string; tencent: string },
  lhcDepartments: number[],
  inboxId: number,
) => `
server: { adminToken: "\${FUZZ_ADMIN_TOKEN}", bodyLimit: 1mb }
database: { url: "${database}" }
directory:
  roster:
    - { key: anna, name: Anna Kovalenko, email: anna@example.com }
    - { key: john, name: John Smith, email: john@example.com }
    - { key: api, name: Integration API user, email: api@example.com, role: integration }
availability: { propagate: unavailable }
connectors:
  - id: lhc
    type: livehelperchat
    baseUrl: ${urls.lhc}/index.php
    schedule: 1h
    rateLimit: 50
    auth: { username: bridge, apiKey: "\${FUZZ_LHC_KEY}" }
    webhook: { secret: "\${FUZZ_LHC_SECRET}" }
    options: { departments: [${lhcDepartments.join(', ')}], userGroups: [1] }
  - id: chatwoot
    type: chatwoot
    baseUrl: ${urls.chatwoot}
    schedule: 1h
    auth: { apiAccessToken: "\${FUZZ_CW_TOKEN}" }
    webhook: { secret: "\${FUZZ_CW_SECRET}" }
    options:
      accountId: 1
      inboxes: [${inboxId}]
      evolution: { baseUrl: "${urls.evolution}", apiKey: "\${FUZZ_EVO_KEY}", instance: acme-wa, enforce: false }
  - id: tencent
    type: tencent-chat
    baseUrl: ${urls.tencent}
    schedule: 1h
    auth: { sdkAppId: ${SDK_APP_ID}, identifier: administrator, secretKey: "\${FUZZ_TENCENT_KEY}" }
    webhook: { token: "\${FUZZ_TENCENT_TOKEN}" }
    options:
      userIdPrefix: "op_"
      assignment: { strategy: least-busy, maxAgents: 2, fallbackGroupId: 6521 }
  - id: chathub
    type: smsbat-chathub
    enabled: false
    baseUrl: http://127.0.0.1:9
    schedule: 1h
    auth: { companyToken: "fuzz-chathub-token" }
    options: { organizationId: 24 }
`;

export interface InboxEventView {
  id: number;
  connectorId: string;
  dedupeKey: string;
  kind: string;
  state: string;
  attempts: number;
  lastError: string | null;
}

/** The built daemon with every webhook connector, its simulators, and a database of `kind`. */
export class FuzzBridge {
  readonly log = new DaemonLog(() => this.daemon.logs);
  http!: FuzzHttpClient;
  private daemon!: DaemonProcess;
  private database?: FuzzDatabase;
  private lhc = new LiveHelperChatSimulator();
  private chatwoot = new ChatwootSimulator({ adminToken: CW_TOKEN });
  private evolution = new EvolutionSimulator({ apiKey: EVO_KEY, chatwoot: this.chatwoot });
  private tencent = new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: TENCENT_KEY });
  private readonly sender = new WebhookSender(10_000);
  private canaries = 0;
  private down = false;
  /** Times the daemon had to be started again after it stopped answering /health/live. */
  restarts = 0;

  constructor(readonly kind: FuzzDatabaseKind) {}

  async start(): Promise<void> {
    this.database = await createFuzzDatabase(this.kind);
    await Promise.all([
      this.lhc.start(),
      this.chatwoot.start(),
      this.evolution.start(),
      this.tencent.start(),
    ]);
    const lhcIds = seedAssignableApiUserScenario(this.lhc, {
      serviceUsername: 'bridge',
      apiKey: LHC_API_KEY,
    });
    const scenario = seedReopenScenario(this.chatwoot, this.evolution);
    const dir = tempDir();
    const urls = {
      lhc: this.lhc.baseUrl,
      chatwoot: this.chatwoot.baseUrl,
      evolution: this.evolution.baseUrl,
      tencent: this.tencent.baseUrl,
    };
    const config = writeConfig(
      dir,
      bridgeYaml(this.database.url, urls, lhcIds.departmentIds, scenario.inboxId),
    );
    this.daemon = new DaemonProcess(await freePort(), {
      BRIDGE_CONFIG: config,
      LOG_LEVEL: 'info',
      FUZZ_ADMIN_TOKEN: ADMIN_TOKEN,
      FUZZ_LHC_KEY: LHC_API_KEY,
      FUZZ_LHC_SECRET: LHC_SECRET,
      FUZZ_CW_TOKEN: CW_TOKEN,
      FUZZ_CW_SECRET: CW_SECRET,
      FUZZ_EVO_KEY: EVO_KEY,
      FUZZ_TENCENT_KEY: TENCENT_KEY,
      FUZZ_TENCENT_TOKEN: TENCENT_TOKEN,
    });
    await this.daemon.start();
    this.http = new FuzzHttpClient(this.daemon.url);
    // The start-up runs write too; fuzzing starts once they are over, so counts only move by us.
    await waitFor(
      async () => {
        const runs = await this.adminGet<{ items: Array<{ trigger: string; outcome: string }> }>(
          '/api/runs?limit=50',
        );
        const done = runs.items.filter((r) => r.trigger === 'startup' && r.outcome !== 'running');
        return done.length >= WEBHOOK_CONNECTORS.length ? true : undefined;
      },
      'the start-up runs of every connector',
      60_000,
    );
  }

  async stop(): Promise<void> {
    this.http?.close();
    await this.daemon?.stop();
    await Promise.all([this.lhc.stop(), this.chatwoot.stop(), this.evolution.stop(), this.tencent.stop()]);
    await this.database?.drop();
  }

  get url(): string {
    return this.daemon.url;
  }

  send(raw: RawRequest): Promise<RawReply> {
    return this.http.send(raw);
  }

  /** `/health/live` answers 200: the process is up and its event loop turns. */
  async alive(): Promise<boolean> {
    const reply = await this.http.send({ method: 'GET', path: '/health/live' });
    const up = reply.kind === 'response' && reply.status === 200;
    this.down ||= !up;
    return up;
  }

  /** After an input killed or wedged the daemon: start it again so the next inputs still test something. */
  async ensureAlive(): Promise<void> {
    if (!this.down) {
      return;
    }
    await this.daemon.stop('SIGKILL');
    await this.daemon.start();
    this.down = false;
    this.restarts += 1;
  }

  async adminGet<T>(path: string): Promise<T> {
    const reply = await this.http.send({
      method: 'GET',
      path,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    if (reply.kind !== 'response' || reply.status !== 200) {
      throw new Error(`GET ${path} answered ${JSON.stringify(reply).slice(0, 500)}`);
    }
    return JSON.parse(reply.body) as T;
  }

  /** Newest first, at most 1000 (the admin API's cap). */
  async events(connectorId: string): Promise<InboxEventView[]> {
    const { items } = await this.adminGet<{ items: InboxEventView[] }>(
      `/api/events?connectorId=${connectorId}&limit=1000`,
    );
    return items;
  }

  /** What a forged request must not move: the count the brief names, and the newest id (the count caps at 1000). */
  async inboxMark(connectorId: string): Promise<{ count: number; newestId: number }> {
    const items = await this.events(connectorId);
    return { count: items.length, newestId: items[0]?.id ?? 0 };
  }

  async runsMark(): Promise<{ count: number; newestId: number }> {
    const { items } = await this.adminGet<{ items: Array<{ id: number }> }>('/api/runs?limit=1000');
    return { count: items.length, newestId: items[0]?.id ?? 0 };
  }

  // --- signing, as each platform does it -------------------------------------------------------

  lhcSecretHeader(): Record<string, string> {
    return { 'x-bridge-secret': LHC_SECRET };
  }

  chatwootSignature(body: Buffer, secret = CW_SECRET, timestamp = String(Math.floor(Date.now() / 1000))) {
    return {
      'x-chatwoot-timestamp': timestamp,
      'x-chatwoot-signature': computeChatwootSignature(secret, timestamp, body),
    };
  }

  tencentSignedQuery(token = TENCENT_TOKEN, requestTime = String(Math.floor(Date.now() / 1000))) {
    return {
      SdkAppid: String(SDK_APP_ID),
      RequestTime: requestTime,
      Sign: computeCallbackSign(token, requestTime),
    };
  }

  // --- a valid delivery after the storm: accepted, stored, processed ----------------------------

  /**
   * Sends one well-formed, correctly authenticated delivery the way the platform's own sender does
   * (the simulators' senders), then waits for its event to leave `pending`. Returns what it saw.
   */
  async canary(
    connectorId: WebhookConnectorId,
  ): Promise<{ status: number; event?: InboxEventView; error?: string }> {
    const n = ++this.canaries;
    const url = `${this.daemon.url}/webhooks/${connectorId}`;
    let status: number;
    let marker: string;
    if (connectorId === 'lhc') {
      const userId = 990_000 + n;
      marker = `:${userId}:`;
      const sender = new LhcWebhookSender({ url, secret: LHC_SECRET, sender: this.sender });
      status = (await sender.operatorStatusChanged({ userId, hideOnline: 1 })).status;
    } else if (connectorId === 'tencent') {
      const userId = `op_canary_${n}_${randomUUID().slice(0, 8)}`;
      marker = userId;
      const sender = new TencentCallbackSender({
        url,
        sdkAppId: SDK_APP_ID,
        token: TENCENT_TOKEN,
        sender: this.sender,
      });
      status = (await sender.stateChange({ userId, action: 'Logout' })).status;
    } else {
      const delivery = `canary-${randomUUID()}`;
      marker = delivery;
      const body = Buffer.from(
        JSON.stringify({
          event: 'conversation_status_changed',
          id: 880_000 + n,
          status: 'open',
          inbox_id: 1,
          updated_at: Math.floor(Date.now() / 1000),
          account: { id: 1 },
        }),
      );
      status = (
        await this.sender.send({
          url,
          body,
          headers: { ...this.chatwootSignature(body), 'x-chatwoot-delivery': delivery },
        })
      ).status;
    }
    if (status < 200 || status >= 300) {
      return { status, error: `the valid delivery was answered ${status}` };
    }
    try {
      const event = await waitFor(
        async () => {
          const found = (await this.events(connectorId)).find((e) => e.dedupeKey.includes(marker));
          return found && found.state !== 'pending' ? found : undefined;
        },
        `the valid ${connectorId} delivery to be processed`,
        30_000,
      );
      return { status, event };
    } catch (error) {
      return { status, error: String(error) };
    }
  }
}
