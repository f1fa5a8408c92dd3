import {
  CHATHUB_ROUTES,
  CHATWOOT_SIM_ROUTES,
  ChatHubSimulator,
  ChatwootSimulator,
  EVOLUTION_ROUTES,
  EvolutionSimulator,
  LHC_ROUTES,
  LiveHelperChatSimulator,
  type SimulatorServer,
  TENCENT_ROUTES,
  TencentChatSimulator,
  seedAssignableApiUserScenario,
  seedReopenScenario,
} from '@app/simulator';

import { EchoProxy } from './echo-proxy';
import {
  CONFIGURED,
  CONFIGURED_KEYS,
  EVO_CW_TOKEN,
  type SecretKey,
  echo,
  lhcError,
  rotate,
} from './secret-echo.fixtures';

export const SDK_APP_ID = 1400000123;
const CH_LOGIN = 'bridge-admin';
export const CONNECTOR_IDS = ['lhc', 'chatwoot', 'chathub', 'chathub-login', 'tencent'];

type Name = 'lhc' | 'chatwoot' | 'evolution' | 'chathub' | 'chathubLogin' | 'tencent';

/**
 * The four platforms (plus Evolution, plus a second ChatHub logging in with login/password) with
 * the connectors' credentials, each behind an {@link EchoProxy}; the daemon talks to the proxies.
 */
export class EchoPlatforms {
  readonly lhc = new LiveHelperChatSimulator();
  readonly chatwoot = new ChatwootSimulator({ adminToken: CONFIGURED.cwToken });
  readonly evolution = new EvolutionSimulator({ apiKey: CONFIGURED.evoKey, chatwoot: this.chatwoot });
  readonly chathub = new ChatHubSimulator({ companyKeys: [CONFIGURED.chCompany] });
  readonly chathubLogin = new ChatHubSimulator({
    credentials: [{ login: CH_LOGIN, password: CONFIGURED.chPassword }],
  });
  readonly tencent = new TencentChatSimulator({ sdkAppId: SDK_APP_ID, secretKey: CONFIGURED.tcKey });
  readonly proxies: Record<Name, EchoProxy>;
  lhcIds!: ReturnType<typeof seedAssignableApiUserScenario>;
  reopen!: ReturnType<typeof seedReopenScenario>;

  constructor() {
    const proxy = (name: string, simulator: SimulatorServer) => new EchoProxy(name, () => simulator.baseUrl);
    this.proxies = {
      lhc: proxy('lhc', this.lhc),
      chatwoot: proxy('chatwoot', this.chatwoot),
      evolution: proxy('evolution', this.evolution),
      chathub: proxy('chathub', this.chathub),
      chathubLogin: proxy('chathub-login', this.chathubLogin),
      tencent: proxy('tencent', this.tencent),
    };
  }

  simulators(): SimulatorServer[] {
    return [this.lhc, this.chatwoot, this.evolution, this.chathub, this.chathubLogin, this.tencent];
  }

  /** Started and seeded: John exists in LHC and Chatwoot only; nobody else exists anywhere. */
  async start(): Promise<void> {
    await Promise.all(this.simulators().map((s) => s.start()));
    await Promise.all(Object.values(this.proxies).map((p) => p.start()));
    this.lhcIds = seedAssignableApiUserScenario(this.lhc, {
      serviceUsername: 'bridge',
      apiKey: CONFIGURED.lhcKey,
    });
    this.reopen = seedReopenScenario(this.chatwoot, this.evolution, {
      evolutionToken: EVO_CW_TOKEN,
      chatwootUrl: this.chatwoot.baseUrl,
    });
    this.chatwoot.seedAgent({
      name: 'John Smith',
      email: 'john@example.com',
      availability: 'online',
      autoOffline: false,
    });
    this.chathub.seed({ organizations: [{ id: 24, name: 'Support' }] });
    this.chathubLogin.seed({ organizations: [{ id: 25, name: 'Sales' }] });
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.proxies).map((p) => p.stop()));
    await Promise.all(this.simulators().map((s) => s.stop()));
  }

  clearFaults(): void {
    this.simulators().forEach((s) => s.clearFaults());
  }

  /** Every secret in the environment, nothing in the file; the roster needs creates everywhere. */
  bridgeYaml(dbPath: string): string {
    const { lhc, chatwoot, evolution, chathub, chathubLogin, tencent } = this.proxies;
    return `
server:
  adminToken: "\${E2E_ADMIN_TOKEN}"
database:
  url: "sqlite:${dbPath}"
directory:
  roster:
    - { key: john, name: John Smith, email: john@example.com }
    - { key: nadia, name: Nadia Novak, email: nadia@example.com }
    - { key: omar, name: Omar Ortiz, email: omar@example.com }
connectors:
  - id: lhc
    type: livehelperchat
    baseUrl: ${lhc.url}/index.php
    schedule: 1h
    timeoutMs: 10000
    auth: { username: bridge, apiKey: "\${E2E_LHC_KEY}" }
    webhook: { secret: "\${E2E_LHC_HOOK}" }
    options: { departments: [${this.lhcIds.departmentIds.join(', ')}], userGroups: [1] }
  - id: chatwoot
    type: chatwoot
    baseUrl: ${chatwoot.url}
    schedule: 1h
    timeoutMs: 10000
    auth: { apiAccessToken: "\${E2E_CW_TOKEN}" }
    webhook: { secret: "\${E2E_CW_HOOK}" }
    options:
      accountId: 1
      inboxes: [${this.reopen.inboxId}]
      evolution: { baseUrl: "${evolution.url}", apiKey: "\${E2E_EVO_KEY}", instance: ${this.reopen.instance}, enforce: true }
  - id: chathub
    type: smsbat-chathub
    baseUrl: ${chathub.url}
    schedule: 1h
    timeoutMs: 10000
    auth: { companyToken: "\${E2E_CH_COMPANY}" }
    options: { organizationId: 24 }
  - id: chathub-login
    type: smsbat-chathub
    baseUrl: ${chathubLogin.url}
    schedule: 1h
    timeoutMs: 10000
    auth: { login: ${CH_LOGIN}, password: "\${E2E_CH_PASSWORD}" }
    options: { organizationId: 25 }
  - id: tencent
    type: tencent-chat
    baseUrl: ${tencent.url}
    schedule: 1h
    timeoutMs: 10000
    auth: { sdkAppId: ${SDK_APP_ID}, identifier: administrator, secretKey: "\${E2E_TC_KEY}" }
    webhook: { token: "\${E2E_TC_CALLBACK}" }
    options: { userIdPrefix: "op_" }
`;
  }

  /**
   * (a) Every create/write answers an error echoing every configured secret and the request's own
   * credentials and body: JSON and plain text, 4xx and 5xx, LHC's and Tencent's own error shapes.
   */
  armCreateFaults(): void {
    const always = { kind: 'status', times: 'always' } as const;
    this.lhc.inject({
      ...always,
      status: 400,
      route: LHC_ROUTES.createUser,
      body: lhcError(echo('create lhc', CONFIGURED_KEYS)),
    });
    this.chatwoot.inject({
      ...always,
      status: 422,
      route: CHATWOOT_SIM_ROUTES.createAgent,
      body: { message: echo('create chatwoot', rotate(CONFIGURED_KEYS, 'cwToken')), attributes: ['email'] },
    });
    // Evolution's token is known by then: `find` answers just before `set` (enforce: true).
    this.evolution.inject({
      ...always,
      status: 400,
      route: EVOLUTION_ROUTES.set,
      body: evolutionError(echo('write evolution', ['evoCwToken', 'evoKey'])),
    });
    this.chathub.inject({
      ...always,
      status: 500,
      route: CHATHUB_ROUTES.synchronize,
      body: echo('create chathub', rotate(CONFIGURED_KEYS, 'chCompany')),
    });
    this.chathubLogin.inject({
      ...always,
      status: 400,
      route: CHATHUB_ROUTES.synchronize,
      body: {
        title: 'Bad Request',
        status: 400,
        detail: echo('create chathub-login', rotate(CONFIGURED_KEYS, 'chPassword')),
      },
    });
    this.tencent.injectError({
      route: TENCENT_ROUTES.portraitSet,
      code: 70402,
      times: 'always',
      info: echo('create tencent', rotate(CONFIGURED_KEYS, 'tcKey')),
    });
  }

  /** Evolution's read: reported in the Chatwoot run, not fatal to it. */
  armEvolutionReadFault(keys: SecretKey[]): void {
    this.evolution.inject({
      kind: 'status',
      status: 400,
      route: EVOLUTION_ROUTES.find,
      times: 'always',
      body: evolutionError(echo('read evolution', rotate(keys, 'evoCwToken'))),
    });
  }

  /** (b) Every platform's list answers an error; LHC's (kept whole) also carries `extra`. */
  armListFaults(keys: SecretKey[], extra: string): void {
    const always = { kind: 'status', times: 'always' } as const;
    this.lhc.inject({
      ...always,
      status: 400,
      route: LHC_ROUTES.getUsers,
      body: lhcError(`${echo('list lhc', keys)} ${extra}`),
    });
    this.chatwoot.inject({
      ...always,
      status: 400,
      route: CHATWOOT_SIM_ROUTES.listAgents,
      body: { errors: [echo('list chatwoot', rotate(keys, 'cwToken'), 'first')] },
    });
    this.chathub.inject({
      ...always,
      status: 503,
      route: CHATHUB_ROUTES.operators,
      body: echo('list chathub', rotate(keys, 'chCompany'), 'first'),
    });
    this.chathubLogin.inject({
      ...always,
      status: 400,
      route: CHATHUB_ROUTES.operators,
      body: { title: 'Bad Request', detail: echo('list chathub-login', rotate(keys, 'chPassword')) },
    });
    this.tencent.inject({
      ...always,
      status: 400,
      route: TENCENT_ROUTES.accountCheck,
      body: echo('list tencent', rotate(keys, 'tcKey')),
    });
  }

  /** (b) Every route of every platform answers 401, echoing the secrets and the request's credentials. */
  armAuthFaults(keys: SecretKey[]): void {
    this.clearFaults();
    const always = { kind: 'status', status: 401, times: 'always' } as const;
    // The request's credentials first where they are short enough to be kept whole (not a UserSig).
    const auth = (id: string, first: SecretKey) =>
      echo(`auth ${id}: invalid credentials`, rotate(keys, first), id === 'tencent' ? 'last' : 'first');
    this.lhc.inject({ ...always, body: auth('lhc', 'lhcKey') });
    this.chatwoot.inject({ ...always, body: { error: auth('chatwoot', 'cwToken') } });
    this.evolution.inject({ ...always, body: { error: auth('evolution', 'evoKey') } });
    this.chathub.inject({ ...always, body: auth('chathub', 'chCompany') });
    this.chathubLogin.inject({
      ...always,
      body: { title: 'Unauthorized', detail: auth('chathub-login', 'chPassword') },
    });
    this.tencent.inject({ ...always, body: auth('tencent', 'tcKey') });
  }
}

const evolutionError = (text: string) => ({
  status: 400,
  error: 'Bad Request',
  response: { message: [text] },
});
